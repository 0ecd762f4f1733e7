/**
 * The rule prefilter in the service: a patch whose text names no rule trigger is placed in its
 * thread but gets no stored whole parse and no review job; a re-review of it still answers
 * (nothing to say), and a patch that names a trigger is reviewed as before.
 */
import { readFile } from 'node:fs/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import { QUIET_REASON } from '../../src/review/decide-series.js';
import type { ReviewSummary } from '../../src/review/review-summary.js';
import type { IngestResult } from '../../workers/ingest.js';
import { completedResults, outboxFiles, useHarnessPerTest, waitForIdle } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const KB19 = new URL(
  '../fixtures/corpus/kb-mails/19-kvm-sev-drop-foll-longterm-for-encrypted-region.eml',
  import.meta.url,
).pathname;
const QUIET_ID = 'quiet.variant@dax-review.test';

describe('mails no rule can fire on (real Redis)', () => {
  const perTest = useHarnessPerTest();

  it('are placed without a review, and a re-review of one says nothing', async () => {
    // A real lone patch with findings, and a variant of it that names no rule trigger.
    const raw = await readFile(KB19, 'latin1');
    const quiet = raw
      .replace(/^Message-ID: <[^>]+>/im, `Message-ID: <${QUIET_ID}>`)
      .replace(/^Subject: \[PATCH\] /m, 'Subject: [PATCH] quiet: ')
      .replace(
        /FOLL_LONGTERM|FOLL_PIN|FOLL_GET|pin_user_pages\w*|get_user_pages\w*|unpin_user_page\w*|memfd_pin_folios/g,
        'some_other_call',
      );
    const quietFile = await perTest.writeDerived('quiet.eml', quiet);
    const h = await perTest.start();
    await dropIntoSpool(h.spool, [KB19, quietFile]);
    await waitForIdle(h);

    const ingested = (await completedResults(h, QUEUE.ingest)) as IngestResult[];
    expect(ingested.find((r) => r.messageKey === QUIET_ID)?.series).toEqual({ kind: 'ignore', reason: QUIET_REASON });
    expect(ingested.find((r) => r.messageKey !== QUIET_ID)?.series).toMatchObject({ kind: 'review' });
    const reviews = (await completedResults(h, QUEUE.review)) as ReviewSummary[];
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.patches[0]?.findings.length).toBeGreaterThan(0);
    expect(await outboxFiles(h.outbox)).toHaveLength(1);

    const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
    const review = new Queue(QUEUE.review, { connection: redis, prefix: h.prefix });
    try {
      // Only the patch some rule can fire on has its whole parse stored.
      expect(await redis.keys(`${h.prefix}:app:parsed:*`)).toHaveLength(1);
      await review.add(
        'review',
        { threadRoot: QUIET_ID, trigger: QUIET_ID, reason: 'rereview', force: false },
        { jobId: 'again' },
      );
      await waitForIdle(h);
      const again = (await review.getJob('again'))?.returnvalue as ReviewSummary;
      expect(again.patches).toEqual([
        expect.objectContaining({ messageId: QUIET_ID, findings: [], reply: null, skipped: 'no findings' }),
      ]);
      expect(await outboxFiles(h.outbox)).toHaveLength(1);
    } finally {
      await review.close();
      redis.disconnect();
    }
  });
});
