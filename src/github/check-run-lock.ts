/**
 * One review at a time per repository and head commit, across every worker process: without it
 * two deliveries for the same push (pull_request synchronize and check_suite requested arrive
 * together) could both find no check run and both create one.
 *
 * A Redis lock (SET key token NX PX ttl), released only by its holder (compare-and-delete in
 * Lua, https://redis.io/docs/latest/develop/use/patterns/distributed-locks/), renewed while
 * held so a long review (pagination, rate-limit waits) keeps it, and expiring by itself when the
 * holder dies. A job that cannot take it waits and tries again; after `waitMs` it gives up with
 * a TransientError, so BullMQ retries the job later.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { TransientError } from '../errors.js';
import { appKey, shortHash } from '../queue/names.js';
import type { PullRequestRef } from './pull-request.js';

/** KEYS[1] lock key, ARGV[1] token: deletes the key only if it still holds our token. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** KEYS[1] lock key, ARGV[1] token, ARGV[2] ttl ms: extends the key only if it still holds our token. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface CheckRunLockOptions {
  /** Lock lifetime, renewed every third of it while held. @defaultValue 60000 */
  readonly ttlMs?: number;
  /** How long a job waits for the lock before failing for a retry. @defaultValue 120000 */
  readonly waitMs?: number;
  /** Pause between attempts. @defaultValue 250 */
  readonly retryMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class CheckRunLock {
  readonly #ttlMs: number;
  readonly #waitMs: number;
  readonly #retryMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: CheckRunLockOptions = {},
  ) {
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#waitMs = options.waitMs ?? 120_000;
    this.#retryMs = options.retryMs ?? 250;
  }

  /** The Redis key of the lock of one repository and head commit. */
  key(ref: Pick<PullRequestRef, 'owner' | 'repo' | 'headSha'>): string {
    return appKey(
      this.prefix,
      'gh-lock',
      shortHash(`${ref.owner.toLowerCase()}/${ref.repo.toLowerCase()}@${ref.headSha}`),
    );
  }

  /** Runs `fn` holding the lock of the ref's repository and head commit. */
  async withLock<T>(ref: Pick<PullRequestRef, 'owner' | 'repo' | 'headSha'>, fn: () => Promise<T>): Promise<T> {
    const key = this.key(ref);
    const token = randomUUID();
    const deadline = Date.now() + this.#waitMs;
    while ((await this.redis.set(key, token, 'PX', this.#ttlMs, 'NX')) !== 'OK') {
      if (Date.now() >= deadline)
        throw new TransientError(
          `another review of ${ref.owner}/${ref.repo}@${ref.headSha} still holds its lock after ${String(this.#waitMs)} ms`,
        );
      await sleep(this.#retryMs);
    }
    const renew = setInterval(
      () => {
        this.redis.eval(RENEW, 1, key, token, String(this.#ttlMs)).catch(() => undefined);
      },
      Math.max(100, Math.floor(this.#ttlMs / 3)),
    );
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, key, token);
    }
  }
}
