import { Worker } from 'bullmq';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import { SeriesJob } from '../src/queue/jobs.js';
import type { MessageStore } from '../src/queue/message-store.js';
import { QUEUE } from '../src/queue/names.js';
import type { SeriesDecision } from '../src/review/decide-series.js';
import { decisionLog, placeInSeries, type PlaceDeps } from '../src/review/place-in-series.js';

export interface SeriesDeps extends WorkerBase, PlaceDeps {
  readonly messages: MessageStore;
}

/**
 * The series queue: the wait timers of incomplete series ('wait'), and 'place' jobs (a message
 * arrived; ingest places messages itself, these come from queues filled by earlier versions).
 * The state machine is src/review/place-in-series.ts.
 */
export function createSeriesWorker(deps: SeriesDeps): Worker<unknown, SeriesDecision> {
  return new Worker<unknown, SeriesDecision>(
    QUEUE.series,
    async (job) => {
      try {
        const { messageKey } = SeriesJob.parse(job.data);
        const record = await deps.messages.mustGet(messageKey);
        const decision = await placeInSeries(deps, record, job.name === 'wait' ? 'wait' : 'place');
        deps.log.info(
          { queue: QUEUE.series, jobId: job.id, messageId: messageKey, ...decisionLog(decision) },
          'series step',
        );
        return decision;
      } catch (err) {
        return classify(err, `series job ${job.id ?? '?'}`);
      }
    },
    workerOptions(deps),
  );
}
