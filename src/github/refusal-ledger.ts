/**
 * At most one refusal a day per commenter and pull request: someone repeating a command they may
 * not give must not make the bot repeat itself on a public PR (never spam). Kept in Redis, so
 * every webhook server sharing it agrees.
 */
import type { Redis } from 'ioredis';
import { appKey, shortHash } from '../queue/names.js';
import type { CommentCommand } from './route-event.js';

export const REFUSAL_TTL_SECONDS = 24 * 3600;

export interface RefusalLedger {
  /** True the first time in the TTL for this commenter on this pull request, false after. */
  firstRefusal(c: Pick<CommentCommand, 'owner' | 'repo' | 'pull' | 'commenter'>): Promise<boolean>;
}

export function createRefusalLedger(redis: Redis, prefix: string, ttlSeconds = REFUSAL_TTL_SECONDS): RefusalLedger {
  return {
    firstRefusal: async (c) => {
      const who = `${c.owner}/${c.repo}#${String(c.pull)} ${c.commenter}`.toLowerCase();
      return (await redis.set(appKey(prefix, 'gh', 'refused', shortHash(who)), '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
  };
}
