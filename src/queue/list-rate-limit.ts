import type { Redis } from 'ioredis';
import { appKey, shortHash } from './names.js';

/** At most `max` replies per list in any `windowMs` window (a fixed window per list). */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * Per-list rate limit shared by every worker on the Redis: a counter per (sink, list, window).
 * BullMQ's own limiter is per queue, which would let one busy list hold back all the others.
 */
export class ListRateLimiter {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly limit: RateLimit) {}

  /** Takes one slot; returns 0 when allowed, else how many ms until the next window opens. */
  async take(sinkId: string, listId: string | null, now = Date.now()): Promise<number> {
    const window = Math.floor(now / this.limit.windowMs);
    const key = appKey(this.prefix, 'rate', shortHash(`${sinkId}\n${listId ?? ''}`, 16), String(window));
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.pexpire(key, this.limit.windowMs * 2);
    if (count <= this.limit.max) return 0;
    return (window + 1) * this.limit.windowMs - now;
  }
}
