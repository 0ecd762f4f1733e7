import { Worker } from 'bullmq';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { classify } from '../src/errors.js';
import type { BlobStore } from '../src/queue/blob-store.js';
import type { Limits } from '../src/limits/limits.js';
import { prepareMessage } from '../src/queue/ingest-parse.js';
import { IngestJob } from '../src/queue/jobs.js';
import { QUEUE } from '../src/queue/names.js';
import { decideAlone, type SeriesDecision } from '../src/review/decide-series.js';
import { reusedIdKey, threadRootOf } from '../src/queue/message-store.js';
import { sameDelivery } from '../src/series/collapse-redeliveries.js';
import type { MessageStore } from '../src/queue/message-store.js';
import { decisionLog, placeInSeries, placeJoined, type PlaceDeps } from '../src/review/place-in-series.js';

export interface IngestDeps extends WorkerBase, PlaceDeps {
  readonly messages: MessageStore;
  readonly blobs: BlobStore;
  /**
   * The rule prefilter (triggerUnion of the rule set `ruleset` names): a mail naming none of
   * them is parsed without its diff model, gets no stored whole parse and no review (see
   * MessageRecord.quietFor). null (some rule has no triggers) or absent: every mail is whole.
   */
  readonly triggers?: readonly string[] | null;
  /** Size and diff limits (src/limits); absent: the defaults. */
  readonly limits?: Limits;
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
  const prefilter = deps.triggers === undefined ? null : { triggers: deps.triggers, ruleset: deps.ruleset };
  return new Worker<unknown, IngestResult>(
    QUEUE.ingest,
    async (job) => {
      try {
        const data = IngestJob.parse(job.data);
        let prepared = await prepareMessage(await deps.blobs.get(data.blob), data, prefilter, deps.limits);
        // The whole parse is kept for the mails a review reads in full (series members, mails
        // with a diff, that some rule can fire on), so reviews never parse the raw mail again.
        // Record, parse and the join to the thread are one round trip, written only by the
        // delivery that wins the record's SET NX.
        const putJoined = (p: typeof prepared): ReturnType<typeof deps.messages.putAndJoin> =>
          deps.messages.putAndJoin(
            p.record,
            p.recordJson,
            p.packed,
            threadRootOf(p.record.mail, p.record.key),
            decideAlone(p.record) === null,
          );
        let put = await putJoined(prepared);
        if (!put.stored && put.holder.blob !== data.blob && !sameDelivery(put.holder.mail, prepared.record.mail)) {
          // Another mail reusing a Message-ID that a different mail holds (nvdimm: a [PATCH] and
          // its later [RESEND PATCH v2]), not a redelivery: kept under a key of its own, so it is
          // reviewed too; a redelivery of it finds that key taken.
          const record = { ...prepared.record, key: reusedIdKey(prepared.record.key, data.blob) };
          prepared = { ...prepared, record, recordJson: JSON.stringify(record) };
          put = await putJoined(prepared);
        }
        const { record } = prepared;
        const key = record.key;
        const stored = put.stored;
        // The copy that holds the record is placed by its own ingest job, and placed again when
        // that job runs again (a crash between the record and the placement must not lose the
        // message; joining and the jobs it queues are idempotent). Another copy of the same
        // Message-ID changes nothing.
        const series = put.stored
          ? await placeJoined(deps, record, put.members)
          : put.holder.blob === data.blob
            ? await placeInSeries(deps, put.holder, 'place')
            : null;
        // One line per message, without a child logger (the same fields: one object less per job):
        // at info when the message queued work (a review, a wait) or was a second copy, at debug
        // for the bulk of a list that needs nothing more (replies, mails no rule can fire on).
        const level = !stored || (series !== null && series.kind !== 'ignore') ? 'info' : 'debug';
        deps.log[level](
          {
            queue: QUEUE.ingest,
            jobId: job.id,
            sourceId: data.sourceId,
            messageId: key,
            duplicate: !stored,
            subject: record.mail.subject.raw,
            ...(series === null ? {} : decisionLog(series)),
          },
          stored ? 'ingested' : 'already ingested',
        );
        return { messageKey: key, duplicate: !stored, series };
      } catch (err) {
        return classify(err, `ingest job ${job.id ?? '?'}`);
      }
    },
    workerOptions(deps),
  );
}
