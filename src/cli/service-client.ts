import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { rules } from '../../rules/index.js';
import { loadServiceConfig, type LoadedServiceConfig } from '../config/service-config.js';
import { BlobStore } from '../queue/blob-store.js';
import { connectRedis, createRedis } from '../queue/connection.js';
import { GITHUB_REVIEW_QUEUE } from '../github/jobs.js';
import { MessageStore } from '../queue/message-store.js';
import { pollQueueName, retentionMs } from '../queue/names.js';
import { buildSources } from '../service/build-sources.js';
import { closeQueues, createQueues, type PipelineQueues } from '../queue/queues.js';
import { locateRedis } from '../service/locate-redis.js';

/** What the client commands (`enqueue`, `jobs`, `rereview`) share: the queues of a running service. */
export interface ServiceClient {
  readonly loaded: LoadedServiceConfig;
  readonly url: string;
  readonly prefix: string;
  readonly redis: Redis;
  readonly queues: PipelineQueues;
  /** The other queues whose failed jobs `jobs` lists and retries: GitHub reviews, and the polls of each configured source. */
  readonly otherQueues: readonly Queue[];
  readonly blobs: BlobStore;
  readonly messages: MessageStore;
  close(): Promise<void>;
}

export async function openServiceClient(env: NodeJS.ProcessEnv = process.env): Promise<ServiceClient> {
  const loaded = await loadServiceConfig(
    env,
    rules.map((r) => r.id),
  );
  const url = await locateRedis(loaded);
  // A producer connection: commands fail fast instead of hanging when Redis goes away.
  const redis = createRedis(url, 'producer');
  await connectRedis(redis, url);
  const prefix = loaded.config.redis.prefix;
  const queues = createQueues(redis, prefix, loaded.config.publish.backoff, loaded.config.jobs);
  const retention = retentionMs(loaded.config.redis);
  // Source objects are only named here (their constructors open nothing).
  const polls = buildSources(loaded.config, pino({ level: 'silent' })).map(({ source }) => pollQueueName(source.id));
  const otherQueues = [GITHUB_REVIEW_QUEUE, ...polls].map((name) => new Queue(name, { connection: redis, prefix }));
  return {
    loaded,
    url,
    prefix,
    redis,
    queues,
    otherQueues,
    blobs: new BlobStore(redis, prefix, retention.data),
    messages: new MessageStore(redis, prefix, retention.data),
    close: async () => {
      await closeQueues(queues);
      await Promise.all(otherQueues.map((q) => q.close()));
      await redis.quit();
    },
  };
}
