import type { Job, Queue } from 'bullmq';
import type { ServiceClient } from './service-client.js';

export interface FailedJob {
  readonly queue: string;
  readonly id: string;
  readonly name: string;
  readonly reason: string;
  readonly attempts: number;
  readonly failedAt: string | null;
}

/** Every queue `jobs` looks at: the pipeline, GitHub reviews and the sources' polls. */
const queuesOf = (client: ServiceClient): Queue[] => [...Object.values(client.queues), ...client.otherQueues];

/** Every failed job of the service's queues, oldest first, with its reason. */
export async function listFailed(client: ServiceClient): Promise<FailedJob[]> {
  const out: FailedJob[] = [];
  for (const queue of queuesOf(client)) {
    const jobs = (await queue.getFailed(0, -1)) as Job[];
    for (const job of jobs) {
      out.push({
        queue: queue.name,
        id: job.id ?? '?',
        name: job.name,
        reason: job.failedReason,
        attempts: job.attemptsMade,
        failedAt: job.finishedOn === undefined ? null : new Date(job.finishedOn).toISOString(),
      });
    }
  }
  return out.sort((a, b) => (a.failedAt ?? '').localeCompare(b.failedAt ?? ''));
}

export function formatFailed(jobs: readonly FailedJob[]): string {
  if (jobs.length === 0) return 'no failed jobs\n';
  return `${jobs.map((j) => `${j.queue}/${j.id}  (${j.name}, ${j.attempts} attempt${j.attempts === 1 ? '' : 's'}, ${j.failedAt ?? '?'})\n  ${j.reason}`).join('\n')}\n`;
}

/**
 * Retries failed jobs: one by id (`queue/id` or a bare id, looked up in every queue), or all.
 * Returns how many were moved back to waiting.
 */
export async function retryFailed(client: ServiceClient, id: string | null): Promise<number> {
  let n = 0;
  for (const queue of queuesOf(client)) {
    if (id === null) {
      const count = await queue.getFailedCount();
      if (count > 0) await queue.retryJobs({ state: 'failed', count: 1000 });
      n += count;
      continue;
    }
    const slash = id.indexOf('/');
    if (slash !== -1 && id.slice(0, slash) !== queue.name) continue;
    const job = (await queue.getJob(slash === -1 ? id : id.slice(slash + 1))) as Job | undefined;
    if (job !== undefined && (await job.isFailed())) {
      await job.retry('failed');
      n++;
    }
  }
  return n;
}
