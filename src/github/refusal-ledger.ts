/**
 * At most one refusal a day per commenter and pull request: someone repeating a command they may
 * not give must not make the bot repeat itself on a public PR (never spam). Kept in Redis, so
 * every webhook server sharing it agrees.
 *
 * The day is claimed before the refusal is posted (SET NX), so two deliveries arriving together
 * post one refusal between them; a claim whose post then fails is released, or a redelivery of
 * that command would stay silent for the whole day.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { appKey, shortHash } from '../queue/names.js';
import type { CommentCommand } from './route-event.js';

export const REFUSAL_TTL_SECONDS = 24 * 3600;

export interface RefusalClaim {
  /** The refusal could not be posted: forget the claim so the next attempt says it. */
  release(): Promise<void>;
}

export interface RefusalLedger {
  /** A claim the first time in the TTL for this commenter on this pull request, null after. */
  claim(c: Pick<CommentCommand, 'owner' | 'repo' | 'pull' | 'commenter'>): Promise<RefusalClaim | null>;
}

// KEYS[1] the claim, ARGV[1] its token: deletes the key only while it still holds that token.
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

export function createRefusalLedger(redis: Redis, prefix: string, ttlSeconds = REFUSAL_TTL_SECONDS): RefusalLedger {
  return {
    claim: async (c) => {
      const who = `${c.owner}/${c.repo}#${String(c.pull)} ${c.commenter}`.toLowerCase();
      const key = appKey(prefix, 'gh', 'refused', shortHash(who));
      const token = randomUUID();
      if ((await redis.set(key, token, 'EX', ttlSeconds, 'NX')) !== 'OK') return null;
      return {
        release: async () => {
          await redis.eval(RELEASE, 1, key, token);
        },
      };
    },
  };
}
