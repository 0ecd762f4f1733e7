/**
 * Versions: a v2 of a patch that still has the finding raised on v1 is not told again (the
 * finding persists since v1); with `versions.repeatPersisting` it is listed again, briefly.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import type { ReviewSummary } from '../../src/review/review-summary.js';
import { completedResults, createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const KB09 = new URL(
  '../fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
  import.meta.url,
).pathname;
const KB09_ID = '20200527223243.884385-3-jhubbard@nvidia.com';

/** The same patch re-posted as v2 (new Message-ID, new thread). */
function v2Of(raw: string): string {
  return raw
    .replaceAll(KB09_ID, 'v2-3@example.org')
    .replaceAll('20200527223243.884385-1-jhubbard@nvidia.com', 'v2-1@example.org')
    .replace('[PATCH 2/2]', '[PATCH v2 2/2]');
}

describe('versions (real Redis)', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it.each([
    [false, 1],
    [true, 2],
  ])('repeatPersisting %s: %i replies for v1 then v2 with the same finding', async (repeat, replies) => {
    h = await createHarness({ waitMs: 300, extraConfig: [`versions: { repeatPersisting: ${String(repeat)} }`] });
    await h.start();
    await dropIntoSpool(h.spool, [KB09]);
    await waitForIdle(h);
    await writeFile(join(h.spool, 'v2.eml'), v2Of(await readFile(KB09, 'latin1')), 'latin1');
    await waitForIdle(h);
    expect(await outboxFiles(h.outbox)).toHaveLength(replies);
    const v2 = ((await completedResults(h, QUEUE.review)) as ReviewSummary[])
      .flatMap((r) => r.patches)
      .find((p) => p.messageId === 'v2-3@example.org');
    expect(v2?.persisting).toContainEqual({
      rule: 'longterm-pin-without-foll-longterm',
      severity: 'error',
      file: 'mm/frame_vector.c',
      line: 75,
      since: 1,
    });
    if (!repeat) expect(v2?.skipped).toBe('only findings raised on an earlier version');
  });
});
