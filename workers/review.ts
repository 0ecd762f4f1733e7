import { Worker } from 'bullmq';
import type { ProjectConfig } from '../src/config/project-config.js';
import type { Rule } from '../src/engine/rule.js';
import type { PatchMail } from '../src/model/patch-mail.js';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import type { BlobStore } from '../src/queue/blob-store.js';
import { jobId, ReviewJob } from '../src/queue/jobs.js';
import type { MessageStore } from '../src/queue/message-store.js';
import { QUEUE } from '../src/queue/names.js';
import { parseRaw } from '../src/queue/parse-raw.js';
import type { PipelineQueues } from '../src/queue/queues.js';
import type { ReplyStore } from '../src/queue/reply-store.js';
import type { FindingHistory } from '../src/queue/finding-history.js';
import { applyHistory } from '../src/review/apply-history.js';
import { planReplies, type ReplyPlanOptions } from '../src/review/plan-replies.js';
import { reissueReply } from '../src/review/reissue-reply.js';
import { reviewThread, seriesOf } from '../src/review/review-thread.js';
import { summarizeReview, type ReviewSummary } from '../src/review/review-summary.js';
import type { Sink } from '../src/sinks/sink.js';

export interface ReviewDeps extends WorkerBase {
  readonly blobs: BlobStore;
  readonly messages: MessageStore;
  readonly replies: ReplyStore;
  readonly queues: Pick<PipelineQueues, 'publish'>;
  readonly rules: readonly Rule[];
  readonly config: ProjectConfig;
  readonly replyPlan: ReplyPlanOptions;
  readonly history: Pick<FindingHistory, 'record'>;
  /** Say again what an earlier version of the series was already told. @defaultValue false */
  readonly repeatPersisting: boolean;
  readonly sinks: readonly Pick<Sink, 'id' | 'accepts'>[];
}

/**
 * The thread of a review as mails: the trigger's series (cover and patches), or the trigger
 * alone when it is in no series, as whole parses; every other member (replies: they only take
 * part in series assembly, which reads headers) as its headers-only record. Whole parses are
 * the ones ingest stored; a mail ingested without one is parsed again from its blob, and a
 * needed member whose blob is gone (past retention) is left out. The source carries the key
 * so it is unique in the thread.
 */
async function loadThread(deps: ReviewDeps, threadRoot: string, triggerKey: string): Promise<{ key: string; mail: PatchMail }[]> {
  const records = await deps.messages.thread(threadRoot);
  const slim = records.map((r) => ({ record: r, mail: { ...r.mail, source: `${r.mail.source} <${r.key}>` } }));
  const triggerMail = slim.find((s) => s.record.key === triggerKey)?.mail;
  const series = triggerMail === undefined ? null : seriesOf(slim.map((s) => s.mail), (m) => m === triggerMail);
  const wanted = new Set(series === null ? [] : [series.cover, ...series.patches].filter((m) => m !== null));
  if (triggerMail !== undefined) wanted.add(triggerMail);
  const needed = slim.filter((s) => wanted.has(s.mail)).map((s) => s.record);
  const stored = await deps.messages.parsed(needed.map((r) => r.key));
  const full = new Map(await Promise.all(needed.map(async (r): Promise<[string, PatchMail | null]> => {
    const source = `${r.mail.source} <${r.key}>`;
    const mail = stored.get(r.key) ?? null;
    if (mail !== null) return [r.key, { ...mail, source }];
    const raw = await deps.blobs.find(r.blob);
    return [r.key, raw === null ? null : await parseRaw(raw, source)];
  })));
  return slim.flatMap(({ record, mail }) => {
    if (!full.has(record.key)) return [{ key: record.key, mail }];
    const whole = full.get(record.key) ?? null;
    return whole === null ? [] : [{ key: record.key, mail: whole }];
  });
}

/** Reviews the series of the trigger message as its thread stands, then queues one publish job per reply and sink. */
export function createReviewWorker(deps: ReviewDeps): Worker<unknown, ReviewSummary> {
  return new Worker<unknown, ReviewSummary>(QUEUE.review, async (job) => {
    try {
      const data = ReviewJob.parse(job.data);
      const log = deps.log.child({ queue: QUEUE.review, jobId: job.id, messageId: data.trigger, reason: data.reason });
      const present = await loadThread(deps, data.threadRoot, data.trigger);
      const mails = present.map((p) => p.mail);
      const trigger = present.find((p) => p.key === data.trigger)?.mail ?? null;
      const review = await applyHistory(reviewThread(mails, (m) => m === trigger, { rules: deps.rules, config: deps.config }), trigger, deps.history);
      const nonce = job.id ?? String(Date.now());
      // A forced re-review says everything again, persisting findings included (listed briefly).
      const planned = planReplies(review, { ...deps.replyPlan, repeatPersisting: deps.repeatPersisting || data.force })
        .map((p) => (data.force && p.reply !== null ? { ...p, reply: reissueReply(p.reply, nonce) } : p));
      // A digest reply is shared by the patches of its series: queued once.
      const queued = new Set<string>();
      for (const p of planned) {
        if (p.reply === null || queued.has(p.reply.messageId)) continue;
        queued.add(p.reply.messageId);
        const publication = { kind: 'email-reply', listId: p.listId, reply: p.reply } as const;
        const ref = await deps.replies.put(publication);
        for (const sink of deps.sinks.filter((s) => s.accepts(publication))) {
          // Deterministic per sink and reply (a forced reply has a Message-ID of its own).
          await deps.queues.publish.add('publish', { sinkId: sink.id, reply: ref }, { jobId: jobId.publish(sink.id, ref) });
        }
      }
      const summary = summarizeReview(review.seriesId, review.complete, review.crashes.length, planned);
      for (const c of review.crashes) log.error({ ruleId: c.rule, source: c.source, err: c.error }, 'rule crashed');
      log.info({ seriesId: summary.seriesId, patches: planned.length, replies: queued.size }, 'reviewed');
      return summary;
    } catch (err) {
      return classify(err, `review job ${job.id ?? '?'}`);
    }
  }, workerOptions(deps));
}
