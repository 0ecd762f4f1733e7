import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../../src/check/check-inputs.js';
import { QUEUE } from '../../src/queue/names.js';
import { outboxFileName } from '../../src/sinks/outbox.js';
import type { ReviewSummary } from '../../src/review/review-summary.js';
import { completedResults, createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const SERIES = join(CORPUS, 'series-samples/01-dax-gup-mistake-v1.mbox');
const KB09 = join(CORPUS, 'kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');
const KB09_ID = '20200527223243.884385-3-jhubbard@nvidia.com';

/** The offline checker is the oracle: the Message-IDs of the patches it has findings on. */
async function patchesWithFindings(paths: string[]): Promise<string[]> {
  const report = await checkInputs(paths, { rules, workers: 0 });
  return [...new Set(report.findings.map((f) => f.messageId ?? ''))].sort();
}

describe('spool → queues → outbox (real Redis)', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it('replies to exactly the patches with findings, threaded under each, and to none of a clean series', async () => {
    h = await createHarness();
    await h.start();
    await dropIntoSpool(h.spool, [SERIES, KB09]);
    await waitForIdle(h);

    const expected = await patchesWithFindings([SERIES, KB09]);
    expect(expected).toContain(KB09_ID);
    const files = await outboxFiles(h.outbox);
    const replies = await Promise.all(files.map(async (f) => simpleParser(await readFile(join(h!.outbox, f)))));
    expect(replies.map((r) => r.inReplyTo?.replace(/[<>]/g, '')).sort()).toEqual(expected);

    const reply = replies.find((r) => r.inReplyTo === `<${KB09_ID}>`)!;
    expect(reply.subject).toBe('Re: [PATCH 2/2] mm/gup: frame_vector: convert get_user_pages() --> pin_user_pages()');
    expect(reply.references).toEqual(['<20200527223243.884385-1-jhubbard@nvidia.com>', `<${KB09_ID}>`]);
    expect(reply.to && !Array.isArray(reply.to) ? reply.to.text : '').toContain('jhubbard@nvidia.com');
    expect(reply.cc && !Array.isArray(reply.cc) ? reply.cc.text : '').toContain('linux-kernel@vger.kernel.org');
    expect(reply.headers.get('auto-submitted')).toBe('auto-generated');
    expect(files).toContain(outboxFileName(reply.messageId!.replace(/[<>]/g, '')));
    expect(reply.text).toContain('[longterm-pin-without-foll-longterm]');
  });

  it('processes a message delivered twice once, with one reply', async () => {
    h = await createHarness();
    await h.start();
    await dropIntoSpool(h.spool, [KB09]);
    await waitForIdle(h);
    // The same mail again, under another name (a second list delivering it).
    await dropIntoSpool(h.spool, [KB09], (n) => `again-${n}`);
    await waitForIdle(h);
    expect(await outboxFiles(h.outbox)).toHaveLength(1);
    // Same bytes → same content-hash job id: one ingest, one review, one publish.
    const counts = await Promise.all(
      [QUEUE.ingest, QUEUE.review, QUEUE.publish].map(async (q) => (await completedResults(h!, q)).length),
    );
    expect(counts).toEqual([1, 1, 1]);
  });

  it('never replies to its own reply, to automatic mail or to [PULL] mail', async () => {
    h = await createHarness({ waitMs: 300 });
    await h.start();
    await dropIntoSpool(h.spool, [KB09]);
    await waitForIdle(h);
    const [own] = await outboxFiles(h.outbox);
    const raw = await readFile(KB09, 'latin1');
    const variant = (id: string, extra: string, subject?: string): string => {
      let text = raw.replace(KB09_ID, id).replace(/^Message-ID:.*$/im, `Message-ID: <${id}>\n${extra}`);
      if (subject !== undefined) text = text.replace(/^Subject: \[PATCH 2\/2\]/m, subject);
      return text;
    };
    await writeFile(
      join(h.spool, 'auto.eml'),
      variant('auto-1@example.org', 'Auto-Submitted: auto-generated'),
      'latin1',
    );
    await writeFile(
      join(h.spool, 'pull.eml'),
      variant('pull-1@example.org', 'X-Test: pull', 'Subject: [PULL 2/2]'),
      'latin1',
    );
    // The bot's own reply coming back through the list.
    await dropIntoSpool(h.spool, [join(h.outbox, own!)], () => 'own-reply.eml');
    await waitForIdle(h);
    expect(await outboxFiles(h.outbox)).toEqual([own]);
    const skipped = ((await completedResults(h, QUEUE.review)) as ReviewSummary[]).flatMap((r) =>
      r.patches.map((p) => p.skipped),
    );
    expect(skipped).toEqual(
      expect.arrayContaining([
        'it is automatic mail (Auto-Submitted: auto-generated)',
        'it is a pull request ([PULL])',
      ]),
    );
  });
});
