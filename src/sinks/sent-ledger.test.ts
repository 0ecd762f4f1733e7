import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL, useTestRedis } from '../../test/helpers/test-redis.js';
import { RedisSentLedger, type SentInfo } from './sent-ledger.js';

const info = (response: string): SentInfo => ({
  sinkId: 'smtp',
  sentAt: '2026-01-01T00:00:00.000Z',
  accepted: ['a@example.org'],
  response,
});

describe('RedisSentLedger', () => {
  const db = useTestRedis();
  let prefix = '';
  const ledger = () => {
    prefix = db.freshPrefix('ledger') + ':';
    return new RedisSentLedger(db.redis(), prefix);
  };

  it('records a send once and keeps the first record', async () => {
    const l = ledger();
    expect(await l.has('dax-review.abc@x.invalid')).toBe(false);
    expect(await l.get('dax-review.abc@x.invalid')).toBeNull();
    expect(await l.record('dax-review.abc@x.invalid', info('250 first'))).toBe(true);
    expect(await l.record('dax-review.abc@x.invalid', info('250 second'))).toBe(false);
    expect(await l.has('dax-review.abc@x.invalid')).toBe(true);
    expect(await l.get('dax-review.abc@x.invalid')).toEqual(info('250 first'));
  });

  it('treats bracketed and bare Message-IDs as the same reply', async () => {
    const l = ledger();
    await l.record('<dax-review.def@x.invalid>', info('250 ok'));
    expect(await l.has('dax-review.def@x.invalid')).toBe(true);
    expect(await db.redis().exists(`${prefix}sent:dax-review.def@x.invalid`)).toBe(1);
  });

  it('lets exactly one of many concurrent recorders win', async () => {
    const l = ledger();
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => l.record('race@x.invalid', info(`250 ${i}`))));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('is persistent across connections (another worker sees the record)', async () => {
    const l = ledger();
    await l.record('shared@x.invalid', info('250 ok'));
    const other = new Redis(TEST_REDIS_URL);
    try {
      expect(await new RedisSentLedger(other, prefix).has('shared@x.invalid')).toBe(true);
    } finally {
      await other.quit();
    }
  });

  it('lets one holder claim a send at a time, releases only its own claim, and expires claims', async () => {
    const l = ledger();
    const token = await l.claim('claimed@x.invalid', 60_000);
    expect(token).toEqual(expect.any(String));
    expect(await l.claim('claimed@x.invalid', 60_000)).toBeNull();
    await l.release('claimed@x.invalid', 'not-the-token');
    expect(await l.claim('claimed@x.invalid', 60_000)).toBeNull();
    await l.release('claimed@x.invalid', token!);
    const next = await l.claim('claimed@x.invalid', 50);
    expect(next).not.toBeNull();
    // A holder that died: its claim lapses after the TTL.
    await new Promise((r) => setTimeout(r, 120));
    expect(await l.claim('claimed@x.invalid', 60_000)).not.toBeNull();
    // Claims never count as sends.
    expect(await l.has('claimed@x.invalid')).toBe(false);
  });
});
