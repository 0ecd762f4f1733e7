import { Worker } from 'bullmq';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import type { BlobStore } from '../src/queue/blob-store.js';
import { jobId, ReviewJob } from '../src/queue/jobs.js';
import type { MessageStore } from '../src/queue/message-store.js';
import { QUEUE } from '../src/queue/names.js';
import { parseRaw } from '../src/queue/parse-raw.js';
import type { PipelineQueues } from '../src/queue/queues.js';
import type { ReplyStore } from '../src/queue/reply-store.js';
import { reviewSeries, type ReviewSeriesDeps } from '../src/review/review-series.js';
import { summarizeReview, type ReviewSummary } from '../src/review/review-summary.js';
import type { Sink } from '../src/sinks/sink.js';

export interface ReviewDeps extends WorkerBase, Omit<ReviewSeriesDeps, 'messages' | 'blobs' | 'parse' | 'ruleset'> {
  readonly blobs: BlobStore;
  readonly messages: MessageStore;
  readonly replies: ReplyStore;
  readonly queues: Pick<PipelineQueues, 'publish'>;
  readonly ruleset: string;
  readonly sinks: readonly Pick<Sink, 'id' | 'accepts'>[];
}

/**
 * Reviews the series of the trigger message as its thread stands (src/review/review-series.ts),
 * then queues one publish job per reply and sink.
 */
export function createReviewWorker(deps: ReviewDeps): Worker<unknown, ReviewSummary> {
  const seriesDeps: ReviewSeriesDeps = { ...deps, parse: (raw, source) => parseRaw(raw, source) };
  return new Worker<unknown, ReviewSummary>(
    QUEUE.review,
    async (job) => {
      try {
        const data = ReviewJob.parse(job.data);
        const log = deps.log.child({
          queue: QUEUE.review,
          jobId: job.id,
          messageId: data.trigger,
          reason: data.reason,
        });
        const { review, planned } = await reviewSeries(seriesDeps, {
          threadRoot: data.threadRoot,
          trigger: data.trigger,
          force: data.force,
          nonce: job.id ?? String(Date.now()),
        });
        // A digest reply is shared by the patches of its series: queued once.
        const queued = new Set<string>();
        for (const p of planned) {
          if (p.reply === null || queued.has(p.reply.messageId)) continue;
          queued.add(p.reply.messageId);
          const publication = { kind: 'email-reply', listId: p.listId, reply: p.reply } as const;
          const ref = await deps.replies.put(publication);
          for (const sink of deps.sinks.filter((s) => s.accepts(publication))) {
            // Deterministic per sink and reply (a forced reply has a Message-ID of its own).
            await deps.queues.publish.add(
              'publish',
              { sinkId: sink.id, reply: ref },
              { jobId: jobId.publish(sink.id, ref) },
            );
          }
        }
        const summary = summarizeReview(review, planned);
        for (const c of review.crashes) log.error({ ruleId: c.rule, source: c.source, err: c.error }, 'rule crashed');
        for (const p of review.partial)
          log.warn({ seriesId: review.seriesId, mail: p.messageId, reason: p.reason }, 'series reviewed in part');
        log.info({ seriesId: summary.seriesId, patches: planned.length, replies: queued.size }, 'reviewed');
        return summary;
      } catch (err) {
        return classify(err, `review job ${job.id ?? '?'}`);
      }
    },
    workerOptions(deps),
  );
}
