/**
 * A review job of the mail service, as decisions: load the trigger's series from its thread,
 * review it (reviewThread: the one review), set what earlier versions were told aside, and plan
 * the replies. Storage and queues are ports (ports.ts); the worker only parses the job, calls
 * this and queues one publish job per reply and sink.
 */
import type { ProjectConfig } from '../config/project-config.js';
import type { Rule } from '../engine/rule.js';
import type { PatchMail } from '../model/patch-mail.js';
import { applyHistory } from './apply-history.js';
import { planReplies, type PlannedReply, type ReplyPlanOptions } from './plan-replies.js';
import type { FindingLedger, RawMailStore, ThreadStore } from './ports.js';
import { reissueReply } from './reissue-reply.js';
import { reviewThread, seriesOf, type ThreadReview } from './review-thread.js';
import { seriesScope } from './series-scope.js';

export interface ReviewSeriesDeps {
  readonly messages: Pick<ThreadStore, 'thread' | 'threads' | 'joinUnthreaded' | 'parsed'>;
  readonly blobs: RawMailStore;
  /** Parses a stored raw mail (for a member ingested without a stored whole parse). */
  readonly parse: (raw: Buffer, source: string) => Promise<PatchMail>;
  readonly history: FindingLedger;
  readonly rules: readonly Rule[];
  /** Identity of `rules` (rulesetVersion): records say which rule set they are quiet under. */
  readonly ruleset: string;
  readonly config: ProjectConfig;
  readonly replyPlan: ReplyPlanOptions;
  /** Say again what an earlier version of the series was already told. @defaultValue false */
  readonly repeatPersisting: boolean;
}

export interface ReviewRequest {
  readonly threadRoot: string;
  readonly trigger: string;
  /** A forced re-review: everything said again, as new mails (`nonce` makes their Message-IDs). */
  readonly force: boolean;
  readonly nonce: string;
}

export interface SeriesReviewOutcome {
  readonly review: ThreadReview;
  readonly planned: readonly PlannedReply[];
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
async function loadThread(
  deps: ReviewSeriesDeps,
  threadRoot: string,
  triggerKey: string,
  wholeQuiet: boolean,
): Promise<{ mails: { key: string; mail: PatchMail }[]; slimmed: number }> {
  const records = await seriesScope(deps.messages, threadRoot, await deps.messages.thread(threadRoot));
  const slim = records.map((r) => ({ record: r, mail: { ...r.mail, source: `${r.mail.source} <${r.key}>` } }));
  const triggerMail = slim.find((s) => s.record.key === triggerKey)?.mail;
  const series =
    triggerMail === undefined
      ? null
      : seriesOf(
          slim.map((s) => s.mail),
          (m) => m === triggerMail,
        );
  const wanted = new Set(series === null ? [] : [series.cover, ...series.patches].filter((m) => m !== null));
  if (triggerMail !== undefined) wanted.add(triggerMail);
  const inSeries = slim.filter((s) => wanted.has(s.mail)).map((s) => s.record);
  const needed = wholeQuiet ? inSeries : inSeries.filter((r) => r.quietFor !== deps.ruleset);
  const stored = await deps.messages.parsed(needed.map((r) => r.key));
  const full = new Map(
    await Promise.all(
      needed.map(async (r): Promise<[string, PatchMail | null]> => {
        const source = `${r.mail.source} <${r.key}>`;
        const mail = stored.get(r.key) ?? null;
        if (mail !== null) return [r.key, { ...mail, source }];
        const raw = await deps.blobs.find(r.blob);
        return [r.key, raw === null ? null : await deps.parse(raw, source)];
      }),
    ),
  );
  const mails = slim.flatMap(({ record, mail }) => {
    if (!full.has(record.key)) return [{ key: record.key, mail }];
    const whole = full.get(record.key) ?? null;
    return whole === null ? [] : [{ key: record.key, mail: whole }];
  });
  return { mails, slimmed: inSeries.length - needed.length };
}

/** Reviews the series of the trigger message as its thread stands and plans the replies. */
export async function reviewSeries(deps: ReviewSeriesDeps, request: ReviewRequest): Promise<SeriesReviewOutcome> {
  const run = async (
    wholeQuiet: boolean,
  ): Promise<{ trigger: PatchMail | null; review: ThreadReview; slimmed: number }> => {
    const { mails, slimmed } = await loadThread(deps, request.threadRoot, request.trigger, wholeQuiet);
    const trigger = mails.find((p) => p.key === request.trigger)?.mail ?? null;
    return {
      trigger,
      review: reviewThread(
        mails.map((p) => p.mail),
        (m) => m === trigger,
        { rules: deps.rules, config: deps.config },
      ),
      slimmed,
    };
  };
  // Members no rule can fire on stand in as their records; when the review finds something,
  // it runs again with them whole, so that a later patch of the series that removes the code
  // at issue (dropFixedLater) or any other context a rule reads is seen as before.
  let pass = await run(false);
  if (pass.slimmed > 0 && pass.review.patches.some((p) => p.findings.length > 0)) pass = await run(true);
  const review = await applyHistory(pass.review, pass.trigger, deps.history);
  // A forced re-review says everything again, persisting findings included (listed briefly).
  const planned = planReplies(review, {
    ...deps.replyPlan,
    repeatPersisting: deps.repeatPersisting || request.force,
  }).map((p) => (request.force && p.reply !== null ? { ...p, reply: reissueReply(p.reply, request.nonce) } : p));
  return { review, planned };
}
