import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script.js';
import { appKey, shortHash } from './names.js';

/** At most `max` replies per list in any `windowMs` window (a fixed window per list). */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * How long a reply keeps the slot it took: longer than the publish job's whole retry span
 * (publish.backoff.giveUpAfterMs, a day by default), so that every retry of the reply finds
 * its slot; once the reply is sent, the send records keep it from going out again.
 */
export const DEFAULT_SLOT_HOLD_MS = 7 * 24 * 3600 * 1000;

/**
 * Takes a slot for one reply, once, in one step (many workers on many machines share the keys).
 *
 * KEYS[1] the reply's slot marker, KEYS[2] the list's counter for the current window.
 * ARGV[1] max per window, ARGV[2] counter TTL ms, ARGV[3] slot marker TTL ms,
 * ARGV[4] the current window's number (kept in the marker, for tracing).
 * Returns 1 when the reply holds a slot (taken now, or by an earlier attempt of the same
 * reply), 0 when the window is full; a refused attempt takes nothing.
 */
const TAKE_SLOT = new LuaScript(`
if redis.call('exists', KEYS[1]) == 1 then return 1 end
local used = tonumber(redis.call('get', KEYS[2]) or '0')
if used >= tonumber(ARGV[1]) then return 0 end
if redis.call('incr', KEYS[2]) == 1 then redis.call('pexpire', KEYS[2], ARGV[2]) end
redis.call('set', KEYS[1], ARGV[4], 'PX', ARGV[3])
return 1
`);

/**
 * Per-list rate limit shared by every worker on the Redis: a counter per (sink, list, window),
 * and a marker per (sink, reply) so that a reply counts once however often its job is retried
 * (an SMTP outage retries one reply for hours). BullMQ's own limiter is per queue, which would
 * let one busy list hold back all the others, and counts attempts, not replies.
 */
export class ListRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: RateLimit,
    private readonly slotHoldMs = DEFAULT_SLOT_HOLD_MS,
  ) {}

  /**
   * Takes the slot of reply `messageId` on its list, or finds the one an earlier attempt took.
   * Call it only for a reply that is really going to be sent. Returns 0 when the reply may
   * go, else how many ms until the next window opens.
   */
  async take(sinkId: string, listId: string | null, messageId: string, now = Date.now()): Promise<number> {
    const window = Math.floor(now / this.limit.windowMs);
    const counter = appKey(this.prefix, 'rate', shortHash(`${sinkId}\n${listId ?? ''}`, 16), String(window));
    const slot = appKey(this.prefix, 'rate-slot', shortHash(`${sinkId}\n${messageId}`));
    const held = await TAKE_SLOT.run(
      this.redis,
      [slot, counter],
      [String(this.limit.max), String(this.limit.windowMs * 2), String(this.slotHoldMs), String(window)],
    );
    if (held === 1) return 0;
    return (window + 1) * this.limit.windowMs - now;
  }
}
