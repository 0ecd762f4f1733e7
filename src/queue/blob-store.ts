import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { PermanentError } from '../errors.js';
import { appKey, DEFAULT_RETENTION_MS } from './names.js';

/**
 * Content-addressed store of raw mail in Redis. The key is the sha256 of the bytes, written
 * with SET NX: storing the same mail twice is a no-op, and every machine sharing the Redis can
 * read a blob another one stored (a local file store would not be visible there).
 */
export class BlobStore {
  /**
   * @param retentionMs how long a blob is kept after it was first stored (Redis runs with
   * noeviction, so unbounded raw mail would end in refused writes)
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionMs = DEFAULT_RETENTION_MS,
  ) {}

  static hash(raw: Buffer): string {
    return createHash('sha256').update(raw).digest('hex');
  }

  /** Stores the bytes (once) and returns their sha256. */
  async put(raw: Buffer): Promise<string> {
    const sha = BlobStore.hash(raw);
    await this.redis.set(appKey(this.prefix, 'blob', sha), raw, 'PX', this.retentionMs, 'NX');
    return sha;
  }

  /** The bytes of a blob; a missing blob is permanent (nothing will bring it back). */
  async get(sha: string): Promise<Buffer> {
    const raw = await this.find(sha);
    if (raw === null) throw new PermanentError(`blob ${sha} is not in the store (expired, or never stored)`);
    return raw;
  }

  /** The bytes of a blob, null when it is not (or no longer) stored. */
  async find(sha: string): Promise<Buffer | null> {
    return this.redis.getBuffer(appKey(this.prefix, 'blob', sha));
  }
}
