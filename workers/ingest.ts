import { Worker } from 'bullmq';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import type { BlobStore } from '../src/queue/blob-store.js';
import { prepareMessage } from '../src/queue/ingest-parse.js';
import { IngestJob } from '../src/queue/jobs.js';
import { QUEUE } from '../src/queue/names.js';
import type { SeriesDecision } from '../src/review/decide-series.js';
import { decisionLog, placeInSeries, type PlaceDeps } from './series.js';

export interface IngestDeps extends WorkerBase, PlaceDeps {
  readonly blobs: BlobStore;
}

export interface IngestResult {
  readonly messageKey: string;
  /** Another delivery of this Message-ID was ingested first; this copy is not used. */
  readonly duplicate: boolean;
  /** The series step this message caused; null for a copy of a Message-ID another copy holds (that copy's ingest placed it). */
  readonly series: SeriesDecision | null;
}

/**
 * Raw ref → parsed record and parse (stored once per Message-ID) → its series step, run here
 * (one job per message instead of two; the series queue keeps the wait timers).
 */
export function createIngestWorker(deps: IngestDeps): Worker<unknown, IngestResult> {
  return new Worker<unknown, IngestResult>(QUEUE.ingest, async (job) => {
    try {
      const data = IngestJob.parse(job.data);
      const { record, recordJson, packed } = await prepareMessage(await deps.blobs.get(data.blob), data);
      const key = record.key;
      // The whole parse is kept for the mails a review reads in full (series members, mails
      // with a diff), so reviews never parse the raw mail again.
      const stored = await deps.messages.putOncePacked(record, recordJson, packed);
      // The copy that holds the record is placed by its own ingest job, and placed again when
      // that job runs again (a crash between the record and the placement must not lose the
      // message; joining and the jobs it queues are idempotent). Another copy of the same
      // Message-ID changes nothing.
      const holder = stored ? record : await deps.messages.mustGet(key);
      const series = holder.blob === data.blob ? await placeInSeries(deps, holder, 'place') : null;
      // One line per message, without a child logger (the same fields: one object less per job).
      deps.log.info({ queue: QUEUE.ingest, jobId: job.id, sourceId: data.sourceId, messageId: key, duplicate: !stored,
        subject: record.mail.subject.raw, ...(series === null ? {} : decisionLog(series)) }, stored ? 'ingested' : 'already ingested');
      return { messageKey: key, duplicate: !stored, series };
    } catch (err) {
      return classify(err, `ingest job ${job.id ?? '?'}`);
    }
  }, workerOptions(deps));
}
