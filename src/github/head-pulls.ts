/**
 * Which pull requests of a repository the bot reviewed at a head commit (repository + head SHA →
 * PR numbers), kept in Redis as long as the other records. GitHub's check_suite and check_run
 * payloads list no pull request when the head branch is in a fork, so "Re-run all" on a fork's
 * PR is matched to its PR through this.
 */
import type { Redis } from 'ioredis';
import { appKey, DEFAULT_RETENTION_MS, shortHash } from '../queue/names.js';
import type { PullRequestRef } from './pull-request.js';

type Head = Pick<PullRequestRef, 'owner' | 'repo' | 'headSha'>;

export interface HeadPulls {
  /** Notes that the ref's PR was reviewed at its head. */
  record(ref: Head & Pick<PullRequestRef, 'pull'>): Promise<void>;
  /** The PRs reviewed at this head, ascending; empty when none (or past retention). */
  pullsAt(head: Head): Promise<number[]>;
}

export function createHeadPulls(redis: Redis, prefix: string, retentionMs = DEFAULT_RETENTION_MS): HeadPulls {
  const key = (h: Head): string =>
    appKey(prefix, 'gh-head', shortHash(`${h.owner.toLowerCase()}/${h.repo.toLowerCase()}@${h.headSha}`));
  return {
    async record(ref) {
      const k = key(ref);
      await redis.multi().sadd(k, String(ref.pull)).pexpire(k, retentionMs).exec();
    },
    async pullsAt(head) {
      return (await redis.smembers(key(head)))
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0)
        .sort((a, b) => a - b);
    },
  };
}
