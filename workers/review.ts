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
import { seriesScope } from '../src/queue/series-scope.js';
import type { PipelineQueues } from '../src/queue/queues.js';
import type { ReplyStore } from '../src/queue/reply-store.js';
import type { FindingHistory } from '../src/queue/finding-history.js';
import { applyHistory } from '../src/review/apply-history.js';
import { planReplies, type ReplyPlanOptions } from '../src/review/plan-replies.js';
import { reissueReply } from '../src/review/reissue-reply.js';
import { reviewThread, rulesetVersion, seriesOf, type ThreadReview } from '../src/review/review-thread.js';
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
 * The thread of a review as mails (with the threads of unthreaded siblings when the series may
 * go on outside it: seriesScope): the trigger's series (cover and patches), or the trigger
 * alone when it is in no series, as whole parses; every other member (replies: they only take
 * part in series assembly, which reads headers) as its headers-only record. Whole parses are
 * the ones ingest stored; a mail ingested without one is parsed again from its blob, and a
 * needed member whose blob is gone (past retention) is left out. A mail no rule can fire on
 * under this rule set (`quietFor`) has no stored parse: its record stands in for it (no rule
 * runs on it) unless `wholeQuiet`. The source carries the key so it is unique in the thread.
 * `slimmed` counts the members that stand in as records.
 */
async function loadThread(deps: ReviewDeps, ruleset: string, threadRoot: string, triggerKey: string, wholeQuiet: boolean): Promise<{ mails: { key: string; mail: PatchMail }[]; slimmed: number }> {
  const records = await seriesScope(deps.messages, threadRoot, await deps.messages.thread(threadRoot));
  const slim = records.map((r) => ({ record: r, mail: { ...r.mail, source: `${r.mail.source} <${r.key}>` } }));
  const triggerMail = slim.find((s) => s.record.key === triggerKey)?.mail;
  const series = triggerMail === undefined ? null : seriesOf(slim.map((s) => s.mail), (m) => m === triggerMail);
  const wanted = new Set(series === null ? [] : [series.cover, ...series.patches].filter((m) => m !== null));
  if (triggerMail !== undefined) wanted.add(triggerMail);
  const inSeries = slim.filter((s) => wanted.has(s.mail)).map((s) => s.record);
  const needed = wholeQuiet ? inSeries : inSeries.filter((r) => r.quietFor !== ruleset);
  const stored = await deps.messages.parsed(needed.map((r) => r.key));
  const full = new Map(await Promise.all(needed.map(async (r): Promise<[string, PatchMail | null]> => {
    const source = `${r.mail.source} <${r.key}>`;
    const mail = stored.get(r.key) ?? null;
    if (mail !== null) return [r.key, { ...mail, source }];
    const raw = await deps.blobs.find(r.blob);
    return [r.key, raw === null ? null : await parseRaw(raw, source)];
  })));
  const mails = slim.flatMap(({ record, mail }) => {
    if (!full.has(record.key)) return [{ key: record.key, mail }];
    const whole = full.get(record.key) ?? null;
    return whole === null ? [] : [{ key: record.key, mail: whole }];
  });
  return { mails, slimmed: inSeries.length - needed.length };
}

/** Reviews the series of the trigger message as its thread stands, then queues one publish job per reply and sink. */
export function createReviewWorker(deps: ReviewDeps): Worker<unknown, ReviewSummary> {
  // Records carry the rule set they are quiet under (ingest's prefilter): the same id as review job ids.
  const ruleset = rulesetVersion(deps.rules);
  return new Worker<unknown, ReviewSummary>(QUEUE.review, async (job) => {
    try {
      const data = ReviewJob.parse(job.data);
      const log = deps.log.child({ queue: QUEUE.review, jobId: job.id, messageId: data.trigger, reason: data.reason });
      const run = async (wholeQuiet: boolean): Promise<{ trigger: PatchMail | null; review: ThreadReview; slimmed: number }> => {
        const { mails, slimmed } = await loadThread(deps, ruleset, data.threadRoot, data.trigger, wholeQuiet);
        const trigger = mails.find((p) => p.key === data.trigger)?.mail ?? null;
        return { trigger, review: reviewThread(mails.map((p) => p.mail), (m) => m === trigger, { rules: deps.rules, config: deps.config }), slimmed };
      };
      // Members no rule can fire on stand in as their records; when the review finds something,
      // it runs again with them whole, so that a later patch of the series that removes the code
      // at issue (dropFixedLater) or any other context a rule reads is seen as before.
      let pass = await run(false);
      if (pass.slimmed > 0 && pass.review.patches.some((p) => p.findings.length > 0)) pass = await run(true);
      const { trigger } = pass;
      const review = await applyHistory(pass.review, trigger, deps.history);
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
