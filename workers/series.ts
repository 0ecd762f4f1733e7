import { Worker } from 'bullmq';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import { jobId, SeriesJob } from '../src/queue/jobs.js';
import { threadRootOf, type MessageStore } from '../src/queue/message-store.js';
import { QUEUE } from '../src/queue/names.js';
import type { PipelineQueues } from '../src/queue/queues.js';
import { decideSeries, type SeriesDecision } from '../src/review/decide-series.js';

export interface SeriesDeps extends WorkerBase {
  readonly messages: MessageStore;
  readonly queues: Pick<PipelineQueues, 'series' | 'review'>;
  /** Identity of the rule set, part of review job ids. */
  readonly ruleset: string;
  /** How long an incomplete series waits for its missing patches. */
  readonly waitMs: number;
}

/**
 * Places a message into its series. Series state is the thread's member list in Redis; the
 * grouping is re-run over the whole thread each time (threads are small), so it is exactly
 * assembleSeries'. Job names: 'place' (a message arrived) and 'wait' (its timer fired).
 */
export function createSeriesWorker(deps: SeriesDeps): Worker<unknown, SeriesDecision> {
  return new Worker<unknown, SeriesDecision>(QUEUE.series, async (job) => {
    try {
      const { messageKey } = SeriesJob.parse(job.data);
      const log = deps.log.child({ queue: QUEUE.series, jobId: job.id, messageId: messageKey });
      const record = await deps.messages.mustGet(messageKey);
      const root = threadRootOf(record.mail, messageKey);
      const thread = job.name === 'wait' ? await deps.messages.thread(root) : await deps.messages.addToThread(root, messageKey);
      const decision = decideSeries(thread, messageKey, job.name === 'wait');
      if (decision.kind === 'review') {
        // Same members, same rule set → same id: the series is reviewed once per state.
        await deps.queues.review.add('review', { threadRoot: root, trigger: messageKey, reason: decision.reason, force: false },
          { jobId: jobId.review(decision.members, deps.ruleset) });
      } else if (decision.kind === 'wait') {
        // One timer per member set, so a late patch still gets a timer of its own.
        await deps.queues.series.add('wait', { messageKey }, { delay: deps.waitMs, jobId: jobId.seriesWait(root, decision.members.join('\n')) });
      }
      log.info({ decision: decision.kind, ...(decision.kind === 'ignore' ? { reason: decision.reason } : { members: decision.members.length }) }, 'series step');
      return decision;
    } catch (err) {
      return classify(err, `series job ${job.id ?? '?'}`);
    }
  }, workerOptions(deps));
}
