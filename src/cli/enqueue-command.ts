import { stat } from 'node:fs/promises';
import { readInputs } from '../input/read-inputs.js';
import { enqueueRaw } from '../queue/enqueue-raw.js';
import { createProgress, type Progress } from './progress.js';
import type { ServiceClient } from './service-client.js';

export const ENQUEUE_SOURCE_ID = 'cli:enqueue';

async function totalBytes(paths: readonly string[]): Promise<number | null> {
  let total = 0;
  for (const p of paths) {
    if (p === '-') return null;
    const info = await stat(p);
    if (!info.isFile()) return null;
    total += info.size;
  }
  return total;
}

/**
 * Backfill: every message of the inputs (files, mboxes, maildirs, `-`) into the ingest queue.
 * Re-running it is harmless: ingest job ids are content hashes. Returns the messages enqueued.
 */
export async function enqueuePaths(
  client: ServiceClient,
  paths: readonly string[],
  showProgress: boolean,
): Promise<number> {
  const total = showProgress ? await totalBytes(paths) : null;
  const bar: Progress | null = total === null ? null : createProgress(total, 'enqueueing');
  let n = 0;
  try {
    for await (const msg of readInputs(paths, bar ? { onBytes: bar.update } : {})) {
      await enqueueRaw(
        {
          sourceId: ENQUEUE_SOURCE_ID,
          itemKey: msg.source,
          receivedAt: new Date().toISOString(),
          kind: 'rfc822',
          raw: msg.raw,
        },
        client.blobs,
        client.queues.ingest,
      );
      n++;
    }
  } finally {
    bar?.stop();
  }
  return n;
}
