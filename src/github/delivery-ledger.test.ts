import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../test/helpers/test-redis.js';
import { CLAIM_TTL_SECONDS, createDeliveryLedger } from './delivery-ledger.js';

describe('delivery ledger (real Redis)', () => {
  const db = useTestRedis();
  let prefix = '';
  const ledger = (ttl?: number) => {
    prefix = db.freshPrefix('deliveries');
    return createDeliveryLedger(db.redis(), prefix, ttl);
  };

  it('lets one caller claim a delivery, and remembers it once completed', async () => {
    const l = ledger();
    expect(await l.state('d1')).toBeNull();
    const claim = await l.claim('d1');
    expect(claim).not.toBeNull();
    expect(await l.state('d1')).toBe('pending');
    // Another delivery of the same id while the first is in flight: not claimable.
    expect(await l.claim('d1')).toBeNull();
    await claim!.complete();
    expect(await l.state('d1')).toBe('done');
    expect(await l.claim('d1')).toBeNull();
    expect(await db.redis().ttl(`${prefix}:app:gh-delivery:d1`)).toBeGreaterThan(3 * 24 * 3600);
    expect(await l.claim('d2')).not.toBeNull();
  });

  it('forgets a released claim so a redelivery is handled, and keeps the claim short-lived', async () => {
    const l = ledger();
    const claim = await l.claim('d1');
    const ttl = await db.redis().ttl(`${prefix}:app:gh-delivery:d1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(CLAIM_TTL_SECONDS);
    await claim!.release();
    expect(await l.state('d1')).toBeNull();
    expect(await l.claim('d1')).not.toBeNull();
  });

  it('a late release does not undo a completed or newer claim', async () => {
    const l = ledger();
    const first = await l.claim('d1');
    await first!.complete();
    await first!.release();
    expect(await l.state('d1')).toBe('done');

    const a = await l.claim('d2');
    await db.redis().del(`${prefix}:app:gh-delivery:d2`); // the claim lapsed
    const b = await l.claim('d2');
    await a!.release();
    expect(await l.state('d2')).toBe('pending');
    await b!.release();
    expect(await l.state('d2')).toBeNull();
  });

  it('lets a completed delivery go after its TTL', async () => {
    const l = ledger(1);
    await (await l.claim('d1'))!.complete();
    await new Promise((r) => setTimeout(r, 1100));
    expect(await l.state('d1')).toBeNull();
  });
});
