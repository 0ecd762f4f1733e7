/**
 * The SeriesQueue port (src/review/ports.ts) on BullMQ: review jobs and wait timers with
 * deterministic ids, so a decision taken twice (a retry, two workers) queues once.
 */
import type { SeriesQueue } from '../review/ports.js';
import { jobId } from './jobs.js';
import type { PipelineQueues } from './queues.js';

export function bullSeriesQueue(queues: Pick<PipelineQueues, 'series' | 'review'>, ruleset: string): SeriesQueue {
  return {
    async queueReview({ threadRoot, trigger, reason, members }) {
      // Same members, same rule set → same id: the series is reviewed once per state.
      await queues.review.add(
        'review',
        { threadRoot, trigger, reason, force: false },
        { jobId: jobId.review(members, ruleset) },
      );
    },
    async queueWait({ threadRoot, messageKey, members, delayMs }) {
      await queues.series.add(
        'wait',
        { messageKey },
        { delay: delayMs, jobId: jobId.seriesWait(threadRoot, members.join('\n')) },
      );
    },
  };
}
