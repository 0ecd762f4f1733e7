/**
 * Reviews read the whole parses ingest stored instead of parsing raw mail again; a mail ingested
 * without one (before parses were stored) is parsed again from its blob, with the same outcome.
 */
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import type { ReviewSummary } from '../../src/review/review-summary.js';
import { completedResults, createHarness, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const SERIES = join(CORPUS, 'series-samples/01-dax-gup-mistake-v1.mbox');
const KB09 = join(CORPUS, 'kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');
const KB09_ID = '20200527223243.884385-3-jhubbard@nvidia.com';
const KB09_ROOT = '20200527223243.884385-1-jhubbard@nvidia.com';

describe('review from stored parses (real Redis)', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it('finds the same with the stored parses as with parses of the raw mail', async () => {
    h = await createHarness();
    await h.start();
    await dropIntoSpool(h.spool, [SERIES, KB09]);
    await waitForIdle(h);
    const first = ((await completedResults(h, QUEUE.review)) as ReviewSummary[]).find((r) =>
      r.patches.some((p) => p.messageId === KB09_ID),
    );
    expect(first?.patches.find((p) => p.messageId === KB09_ID)?.findings.length).toBeGreaterThan(0);

    const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
    const review = new Queue(QUEUE.review, { connection: redis, prefix: h.prefix });
    try {
      // As if ingested before parses were stored: the review falls back to the blobs.
      const parsed = await redis.keys(`${h.prefix}:app:parsed:*`);
      expect(parsed.length).toBeGreaterThan(0);
      await redis.del(...parsed);
      await review.add(
        'review',
        { threadRoot: KB09_ROOT, trigger: KB09_ID, reason: 'complete', force: false },
        { jobId: 'again' },
      );
      await waitForIdle(h);
      const again = (await review.getJob('again'))?.returnvalue as ReviewSummary;
      expect(again).toEqual(first);
    } finally {
      await review.close();
      redis.disconnect();
    }
  });
});
