/**
 * A real Redis for a test file that needs one (the suite's, TEST_REDIS_URL or the local one):
 * one connection for the file, a new key prefix per use, and every key under the prefixes handed
 * out deleted after each test. Call at the top of a describe block.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  /** The file's connection (open from beforeAll to afterAll). */
  readonly redis: () => Redis;
  /** A prefix no other test uses: `test-<name>-<uuid>`. */
  readonly freshPrefix: (name: string) => string;
}

export function useTestRedis(): TestRedis {
  let redis: Redis | null = null;
  const handedOut: string[] = [];
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await redis?.quit();
  });
  afterEach(async () => {
    for (const prefix of handedOut.splice(0)) {
      const keys = (await redis?.keys(`${prefix}*`)) ?? [];
      if (keys.length > 0) await redis?.del(...keys);
    }
  });
  return {
    redis: () => {
      if (redis === null) throw new Error('useTestRedis: the connection opens in beforeAll');
      return redis;
    },
    freshPrefix: (name) => {
      const prefix = `test-${name}-${randomUUID()}`;
      handedOut.push(prefix);
      return prefix;
    },
  };
}
