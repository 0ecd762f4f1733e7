/**
 * Queues a GitHub review under its deterministic job id (jobs.ts). BullMQ takes an add whose id
 * already exists, in any state, as a silent no-op, and failed jobs are kept (src/queue/queues.ts):
 * without this, a head whose review failed for good (a 404 or 401 that has since gone away)
 * could never be reviewed again from a pull_request delivery, while the webhook said "queued".
 *
 * So a failed job of that id is removed first and the job added anew. A completed one is left
 * alone: it is the review of that head, and more deliveries for it need none. Not atomic, and
 * need not be: of two deliveries racing here, the later remove either finds nothing failed any
 * more (0), or removes the other's fresh waiting job just before adding the same one; an active
 * job is locked and is not removed. Either way one job of that id is left to run.
 */
import type { Queue } from 'bullmq';
import { githubReviewJobId, type GithubReviewJob } from './jobs.js';

export interface QueuedReview {
  readonly id: string;
  /** A failed job of the same id was removed to make way for this one. */
  readonly replacedFailed: boolean;
}

export async function queueReview(queue: Queue, data: GithubReviewJob): Promise<QueuedReview> {
  const id = githubReviewJobId(data);
  const replacedFailed = (await queue.getJobState(id)) === 'failed' && (await queue.remove(id)) === 1;
  await queue.add(data.reason, data, { jobId: id });
  return { id, replacedFailed };
}
