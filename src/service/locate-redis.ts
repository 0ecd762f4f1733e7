import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LoadedServiceConfig } from '../config/service-config.js';
import { PRIVATE_URL_FILE } from './private-redis.js';
import { redisReachable } from './redis-reachable.js';
import { RedisUnavailableError } from './resolve-redis.js';

/**
 * The Redis a client command (`jobs`, `enqueue`, `rereview`) talks to: the configured one, or
 * the private server a running `dax-review serve` started (its URL file in the data folder).
 */
export async function locateRedis(loaded: LoadedServiceConfig): Promise<string> {
  const { url, dataDir } = loaded.config.redis;
  if (await redisReachable(url)) return url;
  if (!loaded.redisExplicit) {
    const privateUrl = (await readFile(join(resolve(dataDir), PRIVATE_URL_FILE), 'utf8').catch(() => '')).trim();
    if (privateUrl !== '' && (await redisReachable(privateUrl))) return privateUrl;
  }
  throw new RedisUnavailableError(
    `no Redis answers at ${url}${loaded.redisExplicit ? '' : ' and no private one is running'}; start the service (\`dax-review serve\`), set REDIS_URL, or run \`docker compose up redis\``,
  );
}
