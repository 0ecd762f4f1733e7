/**
 * The series state machine of the mail service: where a message stands in its series when it
 * arrives ('place') or when its wait timer fires ('wait'), and what that calls for (a review, a
 * timer, nothing). Series state is the thread's member list in the ThreadStore (nothing lives
 * only in a process); the grouping is re-run over the thread each time a possible member
 * arrives (threads are small). Idempotent: joining a thread is, and the SeriesQueue queues once
 * per member set.
 */
import type { Logger } from '../log/logger.js';
import { applyPrefilter, decideAlone, decideSeriesPrefiltered, type SeriesDecision } from './decide-series.js';
import { threadRootOf, type MessageRecord, type SeriesQueue, type ThreadStore } from './ports.js';
import { seriesScope } from './series-scope.js';

/** What placing a message into its series needs. */
export interface PlaceDeps {
  readonly messages: ThreadStore;
  readonly queue: SeriesQueue;
  /** Identity of the rule set (rulesetVersion): records say which rule set they are quiet under. */
  readonly ruleset: string;
  /** How long an incomplete series waits for its missing patches. */
  readonly waitMs: number;
  readonly log: Logger;
}

/**
 * Joins the message to its thread and decides. A mail that can never be a series member (most
 * of a list: replies) is decided from its own record without reading the thread back; for the
 * others the grouping is re-run over the thread's records, with the threads of unthreaded
 * siblings when the series may go on outside the thread (seriesScope), so it is exactly
 * assembleSeries'.
 */
async function decide(
  messages: ThreadStore,
  record: MessageRecord,
  root: string,
  timedOut: boolean,
  ruleset: string,
): Promise<{ decision: SeriesDecision; thread: readonly MessageRecord[] }> {
  if (timedOut) {
    const thread = await seriesScope(messages, root, await messages.thread(root));
    return { decision: decideSeriesPrefiltered(thread, record.key, true, ruleset), thread };
  }
  const alone = decideAlone(record);
  if (alone === null) {
    const thread = await seriesScope(messages, root, await messages.addToThread(root, record.key));
    return { decision: decideSeriesPrefiltered(thread, record.key, false, ruleset), thread };
  }
  await messages.joinThread(root, record.key);
  return { decision: alone, thread: [record] };
}

/** The series step of one message: 'place' (it arrived) or 'wait' (its timer fired). */
export async function placeInSeries(
  deps: PlaceDeps,
  record: MessageRecord,
  step: 'place' | 'wait',
): Promise<SeriesDecision> {
  const root = threadRootOf(record.mail, record.key);
  const decided = await decide(deps.messages, record, root, step === 'wait', deps.ruleset);
  return queueDecided(deps, record, root, decided.decision, decided.thread);
}

/**
 * The 'place' step of a message ingest has just stored and joined to its thread in the same
 * round trip (MessageStore.putAndJoin): `members` is the thread as that join returned it, null
 * for a mail that can never be a series member (decided from its own record).
 */
export async function placeJoined(
  deps: PlaceDeps,
  record: MessageRecord,
  members: readonly MessageRecord[] | null,
): Promise<SeriesDecision> {
  const root = threadRootOf(record.mail, record.key);
  if (members === null) {
    const alone = decideAlone(record);
    if (alone === null) throw new Error(`message ${record.key} can be a series member: its thread must be read`);
    return queueDecided(deps, record, root, alone, [record]);
  }
  const scope = await seriesScope(deps.messages, root, members);
  return queueDecided(deps, record, root, decideSeriesPrefiltered(scope, record.key, false, deps.ruleset), scope);
}

/** Queues what the decision calls for: the review, or the wait timer. */
async function queueDecided(
  deps: PlaceDeps,
  record: MessageRecord,
  root: string,
  decided: SeriesDecision,
  thread: readonly MessageRecord[],
): Promise<SeriesDecision> {
  // A series (or lone patch) no rule can fire on gets no review job and no wait timer.
  const decision = applyPrefilter(decided, thread, deps.ruleset);
  if (decision.kind === 'review') {
    await deps.queue.queueReview({
      threadRoot: root,
      trigger: record.key,
      reason: decision.reason,
      members: decision.members,
    });
  } else if (decision.kind === 'wait') {
    // One timer per member set, so a late patch still gets a timer of its own.
    const reviewAt = new Date(Date.now() + deps.waitMs).toISOString();
    await deps.queue.queueWait({
      threadRoot: root,
      messageKey: record.key,
      members: decision.members,
      delayMs: deps.waitMs,
    });
    // Otherwise an operator sees nothing happen for series.waitMs and cannot tell why.
    const { id, subject, total, missing } = decision.series;
    deps.log.info(
      {
        series: id,
        subject,
        total,
        missing,
        members: decision.members.length,
        messageId: record.key,
        reviewAt,
        waitMs: deps.waitMs,
      },
      `series incomplete: patch${missing.length === 1 ? '' : 'es'} ${missing.join(', ')} of ${total} missing; held, reviewed with what arrived by ${reviewAt}`,
    );
  }
  return decision;
}

/** What a series step says in the log. */
export function decisionLog(decision: SeriesDecision): Record<string, unknown> {
  return {
    decision: decision.kind,
    ...(decision.kind === 'ignore' ? { reason: decision.reason } : { members: decision.members.length }),
  };
}
