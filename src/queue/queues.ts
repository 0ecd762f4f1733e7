import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE, type PipelineQueue } from './names.js';
import { DEFAULT_PUBLISH_BACKOFF, publishJobOptions, type PublishBackoff } from './publish-backoff.js';

/**
 * Job defaults. Completed jobs are kept (by age) because a job id only de-duplicates while
 * its job exists; failed jobs are kept until someone retries or removes them.
 * Transient failures retry with exponential backoff: 1 s, 2 s, 4 s … about 4 min in all.
 * Publish jobs wait out mail outages instead, for up to a day (publish-backoff.ts).
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 14 * 24 * 3600 },
  removeOnFail: false,
};

export type PipelineQueues = Readonly<Record<PipelineQueue, Queue>>;

/**
 * @param publishBackoff the publish queue's retry schedule (service config `publish.backoff`);
 * its worker must be built with the same one (createPublishWorker's `backoff`)
 */
export function createQueues(connection: Redis, prefix: string, publishBackoff: PublishBackoff = DEFAULT_PUBLISH_BACKOFF): PipelineQueues {
  const make = (name: string, options: DefaultJobOptions = DEFAULT_JOB_OPTIONS): Queue =>
    new Queue(name, { connection, prefix, defaultJobOptions: options });
  return {
    ingest: make(QUEUE.ingest),
    series: make(QUEUE.series),
    review: make(QUEUE.review),
    publish: make(QUEUE.publish, { ...DEFAULT_JOB_OPTIONS, ...publishJobOptions(publishBackoff) }),
  };
}

export async function closeQueues(queues: PipelineQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
