import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE, type PipelineQueue } from './names.js';

/**
 * Job defaults. Completed jobs are kept (by age) because a job id only de-duplicates while
 * its job exists; failed jobs are kept until someone retries or removes them.
 * Transient failures retry with exponential backoff: 1 s, 2 s, 4 s … about 4 min in all.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 14 * 24 * 3600 },
  removeOnFail: false,
};

export type PipelineQueues = Readonly<Record<PipelineQueue, Queue>>;

export function createQueues(connection: Redis, prefix: string): PipelineQueues {
  const make = (name: string): Queue => new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  return {
    ingest: make(QUEUE.ingest),
    series: make(QUEUE.series),
    review: make(QUEUE.review),
    publish: make(QUEUE.publish),
  };
}

export async function closeQueues(queues: PipelineQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
