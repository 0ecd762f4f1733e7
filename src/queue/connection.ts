/**
 * Redis connections. Workers block on Redis and must ride out a restart, so they retry every
 * command forever (`maxRetriesPerRequest: null`, required by BullMQ for workers). Producers
 * (the CLI, the poller's adds) fail fast instead: a user typing `dax-review enqueue` against a
 * dead Redis should get an error, not a hang.
 */
import { Redis } from 'ioredis';
import { withoutCredentials } from '../log/without-credentials.js';

export type ConnectionRole = 'worker' | 'producer';

export function createRedis(url: string, role: ConnectionRole): Redis {
  if (role === 'worker') return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // Give up reconnecting after a few tries so a producer's command errors out quickly.
    retryStrategy: (times: number) => (times > 3 ? null : 200 * times),
  });
}

/** Resolves once the connection is ready, or rejects with the address tried. */
export async function connectRedis(redis: Redis, url: string): Promise<void> {
  if (redis.status === 'ready') return;
  try {
    if (redis.status === 'wait') await redis.connect();
    else await redis.ping();
  } catch (err) {
    throw new Error(
      `cannot reach Redis at ${withoutCredentials(url)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
