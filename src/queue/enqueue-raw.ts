import type { Queue } from 'bullmq';
import type { RawItem } from '../sources/source.js';
import type { BlobStore } from './blob-store.js';
import { IngestJob, jobId } from './jobs.js';

/**
 * Stores a raw item's bytes and adds its ingest job. The job id is the content hash, so the
 * same bytes delivered twice (a re-polled file, a crash before the cursor was saved) are
 * ingested once. Returns the job id.
 */
export async function enqueueRaw(item: RawItem, blobs: BlobStore, ingest: Queue): Promise<string> {
  const blob = await blobs.put(item.raw);
  const data: IngestJob = IngestJob.parse({
    blob,
    sourceId: item.sourceId,
    itemKey: item.itemKey,
    receivedAt: item.receivedAt,
  });
  const id = jobId.ingest(blob);
  await ingest.add('ingest', data, { jobId: id });
  return id;
}
