import { Worker } from 'bullmq';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import { jobId, SeriesJob } from '../src/queue/jobs.js';
import { threadRootOf, type MessageRecord, type MessageStore } from '../src/queue/message-store.js';
import { QUEUE } from '../src/queue/names.js';
import type { PipelineQueues } from '../src/queue/queues.js';
import { decideAlone, decideSeries, type SeriesDecision } from '../src/review/decide-series.js';

/** What placing a message into its series needs. */
export interface PlaceDeps {
  readonly messages: MessageStore;
  readonly queues: Pick<PipelineQueues, 'series' | 'review'>;
  /** Identity of the rule set, part of review job ids. */
  readonly ruleset: string;
  /** How long an incomplete series waits for its missing patches. */
  readonly waitMs: number;
}

export interface SeriesDeps extends WorkerBase, PlaceDeps {}

/**
 * Joins the message to its thread and decides. A mail that can never be a series member (most
 * of a list: replies) is decided from its own record without reading the thread back; for the
 * others the grouping is re-run over the thread's records (read in one MGET, mostly from the
 * store's in-process cache), so it is exactly assembleSeries'.
 */
async function decide(messages: MessageStore, record: MessageRecord, root: string, timedOut: boolean): Promise<SeriesDecision> {
  if (timedOut) return decideSeries(await messages.thread(root), record.key, true);
  const alone = decideAlone(record);
  if (alone === null) return decideSeries(await messages.addToThread(root, record.key), record.key, false);
  await messages.joinThread(root, record.key);
  return alone;
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
  const decision = await decide(deps.messages, record, root, step === 'wait');
  if (decision.kind === 'review') {
    // Same members, same rule set → same id: the series is reviewed once per state.
    await deps.queues.review.add('review', { threadRoot: root, trigger: record.key, reason: decision.reason, force: false },
      { jobId: jobId.review(decision.members, deps.ruleset) });
  } else if (decision.kind === 'wait') {
    // One timer per member set, so a late patch still gets a timer of its own.
    await deps.queues.series.add('wait', { messageKey: record.key }, { delay: deps.waitMs, jobId: jobId.seriesWait(root, decision.members.join('\n')) });
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
