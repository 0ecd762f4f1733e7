import { Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../test/helpers/test-redis.js';
import { GITHUB_REVIEW_QUEUE, type GithubReviewJob } from './jobs.js';
import { queueReview } from './queue-review.js';

const job = (pull: number): GithubReviewJob => ({
  installationId: null,
  owner: 'qemu',
  repo: 'qemu',
  pull,
  headSha: 'a'.repeat(40),
  reason: 'pull_request',
  checkRunId: null,
  deliveryId: `d-${String(pull)}`,
});

describe('queueReview (real Redis)', () => {
  const redis = useTestRedis();

  it('adds anew over a failed job of the same id, and leaves a completed one alone', async () => {
    const prefix = redis.freshPrefix('queue-review');
    const connection = redis.redis().duplicate({ maxRetriesPerRequest: null });
    const queue = new Queue(GITHUB_REVIEW_QUEUE, { connection, prefix, defaultJobOptions: { removeOnFail: false } });
    const blocking = connection.duplicate();
    const events = new QueueEvents(GITHUB_REVIEW_QUEUE, { connection: blocking, prefix });
    let failNow = true;
    const worker = new Worker(
      GITHUB_REVIEW_QUEUE,
      (j) => {
        if ((j.data as GithubReviewJob).pull === 1 && failNow) throw new UnrecoverableError('PR files: 404');
        return Promise.resolve('reviewed');
      },
      { connection, prefix },
    );
    try {
      await events.waitUntilReady();
      const failed = await queueReview(queue, job(1));
      await expect((await queue.getJob(failed.id))?.waitUntilFinished(events)).rejects.toThrow('404');
      const done = await queueReview(queue, job(2));
      expect(await (await queue.getJob(done.id))?.waitUntilFinished(events)).toBe('reviewed');

      failNow = false;
      expect(await queueReview(queue, job(1))).toEqual({ id: failed.id, replacedFailed: true });
      expect(await (await queue.getJob(failed.id))?.waitUntilFinished(events)).toBe('reviewed');
      expect(await queueReview(queue, job(2))).toEqual({ id: done.id, replacedFailed: false });
      expect(await queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({
        waiting: 0,
        active: 0,
        completed: 2,
        failed: 0,
      });
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
      blocking.disconnect();
      connection.disconnect();
    }
  });
});
