import { type Queue, Worker } from 'bullmq';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import type { BlobStore } from '../src/queue/blob-store.js';
import { enqueueRaw } from '../src/queue/enqueue-raw.js';
import { PollJob } from '../src/queue/jobs.js';
import { appKey, pollQueueName, shortHash } from '../src/queue/names.js';
import type { PipelineQueues } from '../src/queue/queues.js';
import { acknowledges } from '../src/sources/acknowledge.js';
import type { PullSource } from '../src/sources/source.js';

export interface PollDeps extends WorkerBase {
  readonly source: PullSource;
  readonly blobs: BlobStore;
  readonly queues: Pick<PipelineQueues, 'ingest'>;
  /** Items per poll. @defaultValue 500 */
  readonly limit?: number;
}

/**
 * Polls one pull source. The cursor lives in Redis and is saved only after every item of the
 * poll is enqueued, so a crash re-polls (and the content-hash job ids absorb the repeats)
 * rather than skipping mail. Concurrency 1: polls of one source never overlap in a process.
 */
export function createPollWorker(deps: PollDeps): Worker<unknown, { items: number }> {
  const cursorKey = appKey(deps.prefix, 'cursor', shortHash(deps.source.id));
  return new Worker<unknown, { items: number }>(
    pollQueueName(deps.source.id),
    async (job, _token, signal) => {
      try {
        const { sourceId } = PollJob.parse(job.data);
        const log = deps.log.child({ queue: pollQueueName(sourceId), jobId: job.id, sourceId });
        const cursor = await deps.connection.get(cursorKey);
        const result = await deps.source.poll(
          cursor ?? undefined,
          deps.limit ?? 500,
          signal ?? new AbortController().signal,
        );
        for (const item of result.items) await enqueueRaw(item, deps.blobs, deps.queues.ingest);
        await deps.connection.set(cursorKey, result.next);
        if (acknowledges(deps.source)) await deps.source.acknowledge(result.items);
        if (result.items.length > 0) log.info({ items: result.items.length }, 'polled');
        return { items: result.items.length };
      } catch (err) {
        return classify(err, `poll job ${job.id ?? '?'}`);
      }
    },
    workerOptions(deps, 1),
  );
}

/** Creates (or updates) the job scheduler that polls a source every `everyMs`. */
export async function schedulePolling(queue: Queue, sourceId: string, everyMs: number): Promise<void> {
  // A poll every few seconds would pile up finished jobs forever: keep only the recent ones.
  await queue.upsertJobScheduler(
    `every-${shortHash(sourceId, 16)}`,
    { every: everyMs },
    {
      name: 'poll',
      data: { sourceId },
      opts: { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } },
    },
  );
}
