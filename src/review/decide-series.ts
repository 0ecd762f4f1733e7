import type { MessageRecord } from './ports.js';
import { isReviewable } from '../pipeline/review-patches.js';
import { seriesRoleOf } from '../series/series-role.js';
import { seriesOf } from './review-thread.js';

export type SeriesDecision =
  | { readonly kind: 'review'; readonly reason: 'complete' | 'single' | 'timeout'; readonly members: readonly string[] }
  | {
      readonly kind: 'wait';
      readonly members: readonly string[];
      /** The series held: its id (root Message-ID) and title, N, and the patch numbers not yet here. */
      readonly series: {
        readonly id: string;
        readonly subject: string;
        readonly total: number;
        readonly missing: readonly number[];
      };
    }
  | { readonly kind: 'ignore'; readonly reason: string };

/**
 * The decision for a mail that can never be a series member (a reply, a mail without a patch
 * tag, an announcement: assembleSeries judges that from the subject alone), null for one that
 * can. Such a mail's decision does not depend on the rest of its thread, so the series step
 * need not read the thread for it.
 */
export function decideAlone(record: MessageRecord): SeriesDecision | null {
  if (seriesRoleOf(record.mail.subject) !== 'none') return null;
  return record.hasDiff
    ? { kind: 'review', reason: 'single', members: [record.key] }
    : { kind: 'ignore', reason: 'not a patch and in no series' };
}

/**
 * What to do after `trigger` arrived in (or its wait timer fired for) its thread: review the
 * series when it is complete, or what arrived once the wait is over; review a lone mail that
 * carries a patch; ignore the rest (replies, announcements: they are never reviewed).
 * Grouping is assembleSeries' over the thread's headers-only records.
 */
export function decideSeries(thread: readonly MessageRecord[], trigger: string, timedOut: boolean): SeriesDecision {
  const triggerRecord = thread.find((r) => r.key === trigger);
  if (triggerRecord === undefined) return { kind: 'ignore', reason: 'not in its thread' };
  // Never a member: no series holds it (seriesOf would find none).
  const alone = decideAlone(triggerRecord);
  if (alone !== null) return alone;
  const keyOf = new Map(thread.map((r) => [r.mail, r.key]));
  const series = seriesOf(
    thread.map((r) => r.mail),
    (m) => m === triggerRecord.mail,
  );
  if (series === null) {
    return triggerRecord.hasDiff
      ? { kind: 'review', reason: 'single', members: [trigger] }
      : { kind: 'ignore', reason: 'not a patch and in no series' };
  }
  const members = [series.cover, ...series.patches].flatMap((m) => (m === null ? [] : [keyOf.get(m) ?? '']));
  if (series.complete) return { kind: 'review', reason: 'complete', members };
  if (timedOut) return { kind: 'review', reason: 'timeout', members };
  const present = new Set(series.patches.map((p) => p.subject.index));
  const missing = Array.from({ length: series.total }, (_, i) => i + 1).filter((n) => !present.has(n));
  return { kind: 'wait', members, series: { id: series.id, subject: series.subject, total: series.total, missing } };
}

/**
 * A mail no rule can fire on under this rule set (MessageRecord.quietFor), or one the review
 * never reads (a reply without a patch: src/pipeline/review-patches.ts). A cover letter is read
 * (its prose), so it is quiet only when its text names no trigger either.
 */
const quietUnder = (r: MessageRecord, ruleset: string): boolean =>
  // The record's mail is slimmed (no diff text): its hasDiff stands in for it.
  r.quietFor === ruleset || !(r.hasDiff || isReviewable(r.mail));

/** Why a series step queued nothing for a series on which no rule can fire. */
export const QUIET_REASON = 'no rule can fire on the series (no rule trigger in its cover letter or patches)';

/**
 * The decision with the rule prefilter applied: a review, or a wait for more patches, of
 * members none of whose patches any rule can fire on under this rule set (each record's
 * `quietFor`: its text names no rule trigger) ends as 'ignore' instead: that review could only
 * ever find nothing, and a patch arriving later that names a trigger decides again with the
 * whole series. A member whose record is not at hand counts as one a rule may fire on.
 */
export function applyPrefilter(
  decision: SeriesDecision,
  thread: readonly MessageRecord[],
  ruleset: string,
): SeriesDecision {
  if (decision.kind === 'ignore') return decision;
  const byKey = new Map(thread.map((r) => [r.key, r]));
  const quiet = decision.members.every((k) => {
    const r = byKey.get(k);
    return r !== undefined && quietUnder(r, ruleset);
  });
  return quiet ? { kind: 'ignore', reason: QUIET_REASON } : decision;
}

/**
 * decideSeries with the rule prefilter applied (applyPrefilter), without grouping the thread at
 * all when no member of the whole thread is a patch a rule can fire on: then no series in it
 * can need a review, whatever assembleSeries would make of it.
 */
export function decideSeriesPrefiltered(
  thread: readonly MessageRecord[],
  trigger: string,
  timedOut: boolean,
  ruleset: string,
): SeriesDecision {
  if (thread.some((r) => r.key === trigger) && thread.every((r) => quietUnder(r, ruleset)))
    return { kind: 'ignore', reason: QUIET_REASON };
  return applyPrefilter(decideSeries(thread, trigger, timedOut), thread, ruleset);
}
