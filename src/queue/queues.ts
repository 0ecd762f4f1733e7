import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_JOB_RETENTION, retentionJobOptions, type JobRetention } from './job-retention.js';
import { QUEUE, type PipelineQueue } from './names.js';
import { DEFAULT_PUBLISH_BACKOFF, publishJobOptions, type PublishBackoff } from './publish-backoff.js';

/**
 * Job defaults of every queue. Finished jobs are kept by age and count (job-retention.ts).
 * Transient failures retry with exponential backoff: 1 s, 2 s, 4 s … about 4 min in all.
 * Publish jobs wait out mail outages instead, for up to a day (publish-backoff.ts).
 */
export function jobOptions(retention: JobRetention = DEFAULT_JOB_RETENTION): DefaultJobOptions {
  return { attempts: 8, backoff: { type: 'exponential', delay: 1000 }, ...retentionJobOptions(retention) };
}

export type PipelineQueues = Readonly<Record<PipelineQueue, Queue>>;

/**
 * @param publishBackoff the publish queue's retry schedule (service config `publish.backoff`);
 * its worker must be built with the same one (createPublishWorker's `backoff`)
 * @param retention finished jobs kept (service config `jobs`); job options are fixed when a job
 * is added, so producers (the CLI's `enqueue`) pass the service's too
 */
export function createQueues(
  connection: Redis,
  prefix: string,
  publishBackoff: PublishBackoff = DEFAULT_PUBLISH_BACKOFF,
  retention: JobRetention = DEFAULT_JOB_RETENTION,
): PipelineQueues {
  const defaults = jobOptions(retention);
  const make = (name: string, options: DefaultJobOptions = defaults): Queue =>
    new Queue(name, { connection, prefix, defaultJobOptions: options });
  return {
    ingest: make(QUEUE.ingest),
    series: make(QUEUE.series),
    review: make(QUEUE.review),
    publish: make(QUEUE.publish, { ...defaults, ...publishJobOptions(publishBackoff) }),
  };
}

export async function closeQueues(queues: PipelineQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
