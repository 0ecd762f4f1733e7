import { Worker } from 'bullmq';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import type { BlobStore } from '../src/queue/blob-store.js';
import { IngestJob, jobId } from '../src/queue/jobs.js';
import { messageKeyOf, slimMail, type MessageStore } from '../src/queue/message-store.js';
import { QUEUE } from '../src/queue/names.js';
import { parseRaw } from '../src/queue/parse-raw.js';
import type { PipelineQueues } from '../src/queue/queues.js';

export interface IngestDeps extends WorkerBase {
  readonly blobs: BlobStore;
  readonly messages: MessageStore;
  readonly queues: Pick<PipelineQueues, 'series'>;
}

export interface IngestResult {
  readonly messageKey: string;
  /** Another delivery of this Message-ID was ingested first; this copy is not used. */
  readonly duplicate: boolean;
}

/** Raw ref → parsed record (stored once per Message-ID) → its series job. */
export function createIngestWorker(deps: IngestDeps): Worker<unknown, IngestResult> {
  return new Worker<unknown, IngestResult>(QUEUE.ingest, async (job) => {
    try {
      const data = IngestJob.parse(job.data);
      const source = `${data.sourceId}#${data.itemKey}`;
      const mail = await parseRaw(await deps.blobs.get(data.blob), source);
      const key = messageKeyOf(mail, data.blob);
      const log = deps.log.child({ queue: QUEUE.ingest, jobId: job.id, sourceId: data.sourceId, messageId: key });
      const stored = await deps.messages.putOnce({
        key, blob: data.blob, sourceId: data.sourceId, itemKey: data.itemKey, mail: slimMail(mail), hasDiff: mail.diffText !== null,
      });
      // Added even for a duplicate: a crash between the record and this add must not lose the
      // message, and the deterministic id makes the second add a no-op.
      await deps.queues.series.add('place', { messageKey: key }, { jobId: jobId.series(key) });
      log.info({ duplicate: !stored, subject: mail.subject.raw }, stored ? 'ingested' : 'already ingested');
      return { messageKey: key, duplicate: !stored };
    } catch (err) {
      return classify(err, `ingest job ${job.id ?? '?'}`);
    }
  }, workerOptions(deps));
}
