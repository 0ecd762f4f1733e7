import { Worker } from 'bullmq';
import type { Logger } from '../src/log/logger.js';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import { jobId, SeriesJob } from '../src/queue/jobs.js';
import { threadRootOf, type MessageRecord, type MessageStore } from '../src/queue/message-store.js';
import { QUEUE } from '../src/queue/names.js';
import type { PipelineQueues } from '../src/queue/queues.js';
import { seriesScope } from '../src/queue/series-scope.js';
import { applyPrefilter, decideAlone, decideSeriesPrefiltered, type SeriesDecision } from '../src/review/decide-series.js';

/** What placing a message into its series needs. */
export interface PlaceDeps {
  readonly messages: MessageStore;
  readonly queues: Pick<PipelineQueues, 'series' | 'review'>;
  /** Identity of the rule set, part of review job ids. */
  readonly ruleset: string;
  /** How long an incomplete series waits for its missing patches. */
  readonly waitMs: number;
  readonly log: Logger;
}

export interface SeriesDeps extends WorkerBase, PlaceDeps {}

/**
 * Joins the message to its thread and decides. A mail that can never be a series member (most
 * of a list: replies) is decided from its own record without reading the thread back; for the
 * others the grouping is re-run over the thread's records (read in one MGET, mostly from the
 * store's in-process cache), with the threads of unthreaded siblings when the series may go on
 * outside the thread (seriesScope), so it is exactly assembleSeries'.
 */
async function decide(messages: MessageStore, record: MessageRecord, root: string, timedOut: boolean, ruleset: string): Promise<{ decision: SeriesDecision; thread: readonly MessageRecord[] }> {
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

/**
 * The series step of one message: 'place' (it arrived: ingest runs this right after storing the
 * record) or 'wait' (its timer fired). Series state is the thread's member list in Redis
 * (nothing lives only in a process); the grouping is re-run over the thread each time a
 * possible member arrives (threads are small). Idempotent: joining is ZADD NX, and the jobs it
 * queues have deterministic ids.
 */
export async function placeInSeries(deps: PlaceDeps, record: MessageRecord, step: 'place' | 'wait'): Promise<SeriesDecision> {
  const root = threadRootOf(record.mail, record.key);
  const decided = await decide(deps.messages, record, root, step === 'wait', deps.ruleset);
  return queueDecided(deps, record, root, decided.decision, decided.thread);
}

/**
 * The 'place' step of a message ingest has just stored and joined to its thread in the same
 * round trip (MessageStore.putAndJoin): `members` is the thread as that join returned it, null
 * for a mail that can never be a series member (decided from its own record).
 */
export async function placeJoined(deps: PlaceDeps, record: MessageRecord, members: readonly MessageRecord[] | null): Promise<SeriesDecision> {
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
async function queueDecided(deps: PlaceDeps, record: MessageRecord, root: string, decided: SeriesDecision, thread: readonly MessageRecord[]): Promise<SeriesDecision> {
  // A series (or lone patch) no rule can fire on gets no review job and no wait timer.
  const decision = applyPrefilter(decided, thread, deps.ruleset);
  if (decision.kind === 'review') {
    // Same members, same rule set → same id: the series is reviewed once per state.
    await deps.queues.review.add('review', { threadRoot: root, trigger: record.key, reason: decision.reason, force: false },
      { jobId: jobId.review(decision.members, deps.ruleset) });
  } else if (decision.kind === 'wait') {
    // One timer per member set, so a late patch still gets a timer of its own.
    const reviewAt = new Date(Date.now() + deps.waitMs).toISOString();
    await deps.queues.series.add('wait', { messageKey: record.key }, { delay: deps.waitMs, jobId: jobId.seriesWait(root, decision.members.join('\n')) });
    // Otherwise an operator sees nothing happen for series.waitMs and cannot tell why.
    const { id, subject, total, missing } = decision.series;
    deps.log.info({ series: id, subject, total, missing, members: decision.members.length, messageId: record.key, reviewAt, waitMs: deps.waitMs },
      `series incomplete: patch${missing.length === 1 ? '' : 'es'} ${missing.join(', ')} of ${total} missing; held, reviewed with what arrived by ${reviewAt}`);
  }
  return decision;
}

/** What a series step says in the log. */
export function decisionLog(decision: SeriesDecision): Record<string, unknown> {
  return { decision: decision.kind, ...(decision.kind === 'ignore' ? { reason: decision.reason } : { members: decision.members.length }) };
}

/**
 * The series queue: the wait timers of incomplete series ('wait'), and 'place' jobs (a message
 * arrived; ingest places messages itself, these come from queues filled by earlier versions).
 */
export function createSeriesWorker(deps: SeriesDeps): Worker<unknown, SeriesDecision> {
  return new Worker<unknown, SeriesDecision>(QUEUE.series, async (job) => {
    try {
      const { messageKey } = SeriesJob.parse(job.data);
      const record = await deps.messages.mustGet(messageKey);
      const decision = await placeInSeries(deps, record, job.name === 'wait' ? 'wait' : 'place');
      deps.log.info({ queue: QUEUE.series, jobId: job.id, messageId: messageKey, ...decisionLog(decision) }, 'series step');
      return decision;
    } catch (err) {
      return classify(err, `series job ${job.id ?? '?'}`);
    }
  }, workerOptions(deps));
}
