import type { Logger } from '../log/logger.js';
import { withoutCredentials } from '../log/without-credentials.js';
import { findExecutable, startPrivateRedis } from './private-redis.js';
import { redisReachable } from './redis-reachable.js';

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

export interface ResolvedRedis {
  readonly url: string;
  /** Stops the private redis-server, if one was started. */
  stop(): Promise<void>;
}

/**
 * The Redis the service uses: the configured one if it answers; else, when the user did not
 * choose an address, a private redis-server; else a clear error saying how to get a Redis.
 */
export async function resolveRedis(
  url: string,
  explicit: boolean,
  dataDir: string,
  log: Logger,
  binaryName = 'redis-server',
): Promise<ResolvedRedis> {
  if (await redisReachable(url))
    return {
      url,
      stop: async () => {
        /* not ours */
      },
    };
  const how = 'install one (`apt install redis-server`) or run `docker compose up redis`';
  if (explicit)
    throw new RedisUnavailableError(
      `no Redis answers at ${withoutCredentials(url)} (set by REDIS_URL or the config file); start it, or ${how}`,
    );
  const binary = await findExecutable(binaryName);
  if (binary === null)
    throw new RedisUnavailableError(
      `no Redis answers at ${withoutCredentials(url)} and ${binaryName} is not installed to start a private one; ${how}, or set REDIS_URL`,
    );
  log.info({ tried: withoutCredentials(url) }, 'no Redis at the default address; starting a private one');
  return startPrivateRedis(binary, dataDir, log);
}
