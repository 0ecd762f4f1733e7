/**
 * The pipeline fed from a public-inbox v2 git repository built here from real mails: the
 * expected replies appear, and after a restart only commits after the Redis cursor are read.
 */
import { readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../../src/check/check-inputs.js';
import { splitMbox } from '../../src/input/mbox.js';
import { pollQueueName, QUEUE } from '../../src/queue/names.js';
import { appendMessage, initEpoch } from '../helpers/public-inbox-repo.js';
import { completedResults, createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const SERIES = join(CORPUS, 'series-samples/01-dax-gup-mistake-v1.mbox');
const KB09 = join(CORPUS, 'kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');
const KB10 = join(CORPUS, 'kb-mails/10-mm-frame-vec-use-foll-longterm.eml');

describe('public-inbox → queues → outbox (real Redis, real git)', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it('replies to what the archive holds and resumes after the cursor on restart', { timeout: 120_000 }, async () => {
    h = await createHarness({ waitMs: 500 });
    const epoch = initEpoch(join(h.dir, 'lore', '0.git'));
    const first = [...splitMbox(readFileSync(SERIES)), readFileSync(KB09)];
    first.forEach((raw, i) => appendMessage(epoch, raw, new Date(Date.UTC(2022, 8, 4, 0, i))));
    await appendFile(h.configPath, `sources: { pollMs: 1000, publicInbox: { lore: { epochs: [${epoch}] } } }\n`);
    await h.start();
    await waitForIdle(h);
    // Idle can be reached before the first poll of the archive: wait for every message.
    for (let i = 0; i < 100 && (await completedResults(h, QUEUE.ingest)).length < first.length; i++)
      await new Promise((r) => setTimeout(r, 100));
    await waitForIdle(h);
    const report = await checkInputs([SERIES, KB09], { rules, workers: 0 });
    const due = new Set(report.findings.map((f) => f.messageId)).size;
    expect(await outboxFiles(h.outbox)).toHaveLength(due);
    expect((await completedResults(h, QUEUE.ingest)).length).toBe(first.length);

    await h.stop();
    appendMessage(epoch, readFileSync(KB10), new Date(Date.UTC(2022, 8, 5)));
    await h.start();
    for (let i = 0; i < 100 && (await completedResults(h, QUEUE.ingest)).length < first.length + 1; i++)
      await new Promise((r) => setTimeout(r, 100));
    await waitForIdle(h);
    expect((await completedResults(h, QUEUE.ingest)).length).toBe(first.length + 1);
    // The restart read only the new commit: every commit was handed out by exactly one poll.
    const polled = ((await completedResults(h, pollQueueName('public-inbox:lore'))) as { items: number }[]).reduce(
      (n, r) => n + r.items,
      0,
    );
    expect(polled).toBe(first.length + 1);
  });
});
