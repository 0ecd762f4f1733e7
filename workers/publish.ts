import { DelayedError, Worker } from 'bullmq';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify, PermanentError } from '../src/errors.js';
import { PublishJob } from '../src/queue/jobs.js';
import { describeOutcome, repeatOutcome } from '../src/sinks/publish-record.js';
import type { ListRateLimiter } from '../src/queue/list-rate-limit.js';
import { DEFAULT_PUBLISH_BACKOFF, mailOutageStrategy, type PublishBackoff } from '../src/queue/publish-backoff.js';
import { QUEUE } from '../src/queue/names.js';
import type { ReplyStore } from '../src/queue/reply-store.js';
import { hasPrecheck, type PublishReceipt, type Sink } from '../src/sinks/sink.js';

export interface PublishDeps extends WorkerBase {
  readonly replies: ReplyStore;
  readonly sinks: ReadonlyMap<string, Sink>;
  /** Per-list rate limits by sink id (real sending only; the dry-run outbox has none). */
  readonly rateLimits?: ReadonlyMap<string, ListRateLimiter>;
  /** The retry schedule the publish queue's jobs were given (createQueues). @defaultValue DEFAULT_PUBLISH_BACKOFF */
  readonly backoff?: PublishBackoff;
}

/**
 * Publishes one stored reply through one sink, once: what happened (sent, or not sent and why)
 * is recorded under the reply's deterministic Message-ID, and a retried or duplicated job that
 * finds the record publishes nothing (src/sinks/publish-record.ts).
 * (A crash between a send and its record is covered by the sink's own idempotence: the outbox
 * refuses to write a file that exists.)
 */
export function createPublishWorker(deps: PublishDeps): Worker<unknown, PublishReceipt> {
  return new Worker<unknown, PublishReceipt>(
    QUEUE.publish,
    async (job, token, signal) => {
      try {
        const data = PublishJob.parse(job.data);
        const sink = deps.sinks.get(data.sinkId);
        if (sink === undefined) throw new PermanentError(`no sink "${data.sinkId}" is configured in this process`);
        const publication = await deps.replies.get(data.reply);
        const messageId = publication.reply.messageId;
        const log = deps.log.child({ queue: QUEUE.publish, jobId: job.id, sinkId: sink.id, messageId });
        const before = await deps.replies.published(sink.id, messageId);
        if (before !== null) {
          // Decided once: also a reply once refused by the allow-list (publish-record.ts says why).
          const again = repeatOutcome(before);
          log.info(
            { outcome: again.outcome, first: before.outcome, firstAt: before.at },
            describeOutcome(again.outcome),
          );
          return again;
        }
        // A reply the sink would not send (list not allowed, already sent) takes no rate slot.
        const skip = hasPrecheck(sink) ? await sink.precheck(publication) : null;
        const limiter = deps.rateLimits?.get(sink.id);
        if (skip === null && limiter !== undefined) {
          // One slot per reply: a retry (an SMTP outage) finds the slot its first attempt took.
          const waitMs = await limiter.take(sink.id, publication.listId, messageId);
          if (waitMs > 0) {
            // Over the list's rate: this job waits for the next window; other lists go on.
            log.info({ listId: publication.listId, waitMs }, 'list rate limit reached: delayed');
            await job.moveToDelayed(Date.now() + waitMs, token);
            throw new DelayedError();
          }
        }
        const receipt = skip ?? (await sink.publish(publication, signal ?? new AbortController().signal));
        await deps.replies.recordPublished(messageId, receipt);
        log.info({ outcome: receipt.outcome, ref: receipt.ref }, describeOutcome(receipt.outcome));
        return receipt;
      } catch (err) {
        return classify(err, `publish job ${job.id ?? '?'}`);
      }
    },
    {
      ...workerOptions(deps),
      settings: { backoffStrategy: mailOutageStrategy(deps.backoff ?? DEFAULT_PUBLISH_BACKOFF) },
    },
  );
}
