import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL, useTestRedis } from '../../test/helpers/test-redis.js';
import { ListRateLimiter } from './list-rate-limit.js';

const HOUR = 3_600_000;
// The start of a window, so "now + x" stays in it.
const T0 = 1000 * HOUR;

describe('ListRateLimiter (real Redis)', () => {
  const db = useTestRedis();

  it('counts a reply once however often it asks (a retried job keeps its slot)', async () => {
    const limiter = new ListRateLimiter(db.redis(), db.freshPrefix('rate'), { max: 2, windowMs: HOUR });
    for (let attempt = 0; attempt < 5; attempt++) expect(await limiter.take('smtp', 'l', 'r1@x', T0 + attempt)).toBe(0);
    expect(await limiter.take('smtp', 'l', 'r2@x', T0 + 10)).toBe(0);
    // Two replies, two slots: the third waits for the next window.
    expect(await limiter.take('smtp', 'l', 'r3@x', T0 + 20)).toBe(HOUR - 20);
    // The refusal took nothing: still the same answer, and the first two still hold theirs.
    expect(await limiter.take('smtp', 'l', 'r3@x', T0 + 30)).toBe(HOUR - 30);
    expect(await limiter.take('smtp', 'l', 'r1@x', T0 + 40)).toBe(0);
  });

  it('lets a reply that took a slot go in a later window without taking another', async () => {
    const limiter = new ListRateLimiter(db.redis(), db.freshPrefix('rate'), { max: 1, windowMs: HOUR });
    expect(await limiter.take('smtp', 'l', 'r1@x', T0)).toBe(0);
    // Retried an hour later (an SMTP outage): it goes, and the new window is still free.
    expect(await limiter.take('smtp', 'l', 'r1@x', T0 + HOUR + 5)).toBe(0);
    expect(await limiter.take('smtp', 'l', 'r2@x', T0 + HOUR + 6)).toBe(0);
    expect(await limiter.take('smtp', 'l', 'r3@x', T0 + HOUR + 7)).toBeGreaterThan(0);
  });

  it('keeps lists and sinks apart', async () => {
    const limiter = new ListRateLimiter(db.redis(), db.freshPrefix('rate'), { max: 1, windowMs: HOUR });
    expect(await limiter.take('smtp', 'a', 'r1@x', T0)).toBe(0);
    expect(await limiter.take('smtp', 'b', 'r2@x', T0)).toBe(0);
    expect(await limiter.take('other', 'a', 'r3@x', T0)).toBe(0);
    expect(await limiter.take('smtp', 'a', 'r4@x', T0)).toBeGreaterThan(0);
  });

  it('never gives out more than max slots to workers racing on separate connections', async () => {
    const prefix = db.freshPrefix('rate');
    const connections = Array.from({ length: 4 }, () => new Redis(TEST_REDIS_URL));
    try {
      const limiters = connections.map((c) => new ListRateLimiter(c, prefix, { max: 3, windowMs: HOUR }));
      // 40 different replies, and each also asked twice at once (a job and its stalled twin).
      const asks = Array.from({ length: 80 }, (_, i) =>
        limiters[i % limiters.length]!.take('smtp', 'l', `r${i % 40}@x`, T0),
      );
      const waits = await Promise.all(asks);
      const allowed = new Set(waits.flatMap((w, i) => (w === 0 ? [i % 40] : [])));
      expect(allowed.size).toBe(3);
      // Both asks of an allowed reply were allowed: its slot is its own, not a second one.
      expect(waits.filter((w) => w === 0)).toHaveLength(6);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });
});
