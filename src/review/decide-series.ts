import type { MessageRecord } from '../queue/message-store.js';
import { seriesOf } from './review-thread.js';

export type SeriesDecision =
  | { readonly kind: 'review'; readonly reason: 'complete' | 'single' | 'timeout'; readonly members: readonly string[] }
  | { readonly kind: 'wait'; readonly members: readonly string[] }
  | { readonly kind: 'ignore'; readonly reason: string };

/**
 * What to do after `trigger` arrived in (or its wait timer fired for) its thread: review the
 * series when it is complete, or what arrived once the wait is over; review a lone mail that
 * carries a patch; ignore the rest (replies, announcements: they are never reviewed).
 * Grouping is assembleSeries' over the thread's headers-only records.
 */
export function decideSeries(thread: readonly MessageRecord[], trigger: string, timedOut: boolean): SeriesDecision {
  const keyOf = new Map(thread.map((r) => [r.mail, r.key]));
  const triggerRecord = thread.find((r) => r.key === trigger);
  if (triggerRecord === undefined) return { kind: 'ignore', reason: 'not in its thread' };
  const series = seriesOf(thread.map((r) => r.mail), (m) => m === triggerRecord.mail);
  if (series === null) {
    return triggerRecord.hasDiff
      ? { kind: 'review', reason: 'single', members: [trigger] }
      : { kind: 'ignore', reason: 'not a patch and in no series' };
  }
  const members = [series.cover, ...series.patches].flatMap((m) => (m === null ? [] : [keyOf.get(m) ?? '']));
  if (series.complete) return { kind: 'review', reason: 'complete', members };
  return timedOut ? { kind: 'review', reason: 'timeout', members } : { kind: 'wait', members };
}
