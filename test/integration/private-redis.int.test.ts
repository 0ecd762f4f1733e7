import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/service/private-redis.js';
import { locateRedis } from '../../src/service/locate-redis.js';
import { redisReachable } from '../../src/service/redis-reachable.js';
import { RedisUnavailableError, resolveRedis } from '../../src/service/resolve-redis.js';
import { loadServiceConfig } from '../../src/config/service-config.js';

const log = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'dax-redis-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('which Redis the service uses', () => {
  it('starts, finds and stops a private redis-server (AOF on) when nothing answers at the default address', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const dataDir = join(dir, 'redis');
    const redis = await resolveRedis(url, false, dataDir, log);
    try {
      expect(redis.url).not.toBe(url);
      expect(await redisReachable(redis.url)).toBe(true);
      // AOF under the data folder (Redis 7 keeps it in appendonlydir/).
      expect(existsSync(join(dataDir, 'appendonlydir')) || existsSync(join(dataDir, 'appendonly.aof'))).toBe(true);
      // Client commands find it through its URL file.
      const loaded = await loadServiceConfig({}, []);
      expect(
        await locateRedis({ ...loaded, config: { ...loaded.config, redis: { ...loaded.config.redis, url, dataDir } } }),
      ).toBe(redis.url);
    } finally {
      await redis.stop();
    }
    expect(await redisReachable(redis.url)).toBe(false);
  });

  it('uses a Redis that answers', async () => {
    const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    expect((await resolveRedis(url, false, join(dir, 'unused'), log)).url).toBe(url);
  });

  it('refuses to start one when the user chose the address, naming it and how to get a Redis', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const err = await resolveRedis(url, true, join(dir, 'x'), log).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect((err as Error).message).toContain(url);
    expect((err as Error).message).toContain('apt install redis-server');
    expect((err as Error).message).toContain('docker compose up redis');
  });

  it('says how to get a Redis when redis-server is not installed', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(resolveRedis(url, false, join(dir, 'y'), log, 'redis-server-not-installed')).rejects.toThrow(
      new RegExp(
        `no Redis answers at ${url} and redis-server-not-installed is not installed.*apt install redis-server.*docker compose up redis`,
      ),
    );
  });
});
