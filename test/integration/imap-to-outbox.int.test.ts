/**
 * The pipeline fed from a real IMAP server: a private dovecot (the Debian package's binary)
 * holding real mails, the service configured with an IMAP source the way build-sources.ts wires
 * it, on a real Redis under its own key prefix. The expected replies appear in the outbox,
 * threaded; after a restart a second service instance resumes after the UIDVALIDITY:UID cursor
 * kept in Redis and fetches nothing twice.
 */
import { readFileSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../../src/check/check-inputs.js';
import { splitMbox } from '../../src/input/mbox.js';
import { appKey, pollQueueName, QUEUE, shortHash } from '../../src/queue/names.js';
import { dovecotVersion, startDovecot, type DovecotServer } from '../helpers/dovecot.js';
import { completedResults, createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
// A clean series (no finding: no reply is due) and a patch the rules have findings on.
const SERIES = join(CORPUS, 'series-samples/01-dax-gup-mistake-v1.mbox');
const KB09 = join(CORPUS, 'kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');
const KB09_ID = '20200527223243.884385-3-jhubbard@nvidia.com';
const KB10 = join(CORPUS, 'kb-mails/10-mm-frame-vec-use-foll-longterm.eml');
const SOURCE_ID = 'imap:lists';

/** The offline checker is the oracle: the Message-IDs of the patches it has findings on. */
async function patchesWithFindings(paths: string[]): Promise<string[]> {
  const report = await checkInputs(paths, { rules, workers: 0 });
  return [...new Set(report.findings.map((f) => f.messageId ?? ''))].sort();
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `n` ingest jobs completed (idle can be reached before the first poll), then for idle. */
async function waitForIngested(h: Harness, n: number): Promise<void> {
  for (let i = 0; i < 200 && (await completedResults(h, QUEUE.ingest)).length < n; i++) await sleep(100);
  await waitForIdle(h);
}

async function repliesIn(outbox: string) {
  const files = await outboxFiles(outbox);
  return Promise.all(files.map(async (f) => simpleParser(await readFile(join(outbox, f)))));
}

const DOVECOT = dovecotVersion();
describe.skipIf(DOVECOT === null)(
  `IMAP (${DOVECOT ?? 'dovecot not installed: apt-get install dovecot-imapd'}) → queues → outbox (real Redis)`,
  () => {
    let server: DovecotServer;
    let h: Harness | null = null;
    beforeAll(async () => {
      server = await startDovecot();
    });
    afterAll(async () => {
      await server.stop();
    });
    afterEach(async () => {
      await h?.cleanup();
      h = null;
    });

    it(
      'replies to what the mailbox holds, threaded, and a restarted service resumes after the cursor',
      { timeout: 120_000 },
      async () => {
        h = await createHarness({ waitMs: 500 });
        const first = [...splitMbox(readFileSync(SERIES)), readFileSync(KB09)];
        for (const raw of first) server.deliver('INBOX', raw);
        await appendFile(
          h.configPath,
          [
            'sources:',
            '  pollMs: 1000',
            '  imap:',
            `    lists: { host: 127.0.0.1, port: ${server.port}, secure: false, allowPlaintext: true, user: ${server.user}, password: ${server.password}, mailbox: INBOX }`,
            '',
          ].join('\n'),
        );
        const service = await h.start();
        expect(service.sources.map((s) => s.id)).toContain(SOURCE_ID);
        await waitForIngested(h, first.length);

        const expected = await patchesWithFindings([SERIES, KB09]);
        expect(expected).toEqual([KB09_ID]);
        const replies = await repliesIn(h.outbox);
        expect(replies.map((r) => r.inReplyTo?.replace(/[<>]/g, '')).sort()).toEqual(expected);
        const reply = replies[0]!;
        expect(reply.subject).toBe(
          'Re: [PATCH 2/2] mm/gup: frame_vector: convert get_user_pages() --> pin_user_pages()',
        );
        expect(reply.references).toEqual(['<20200527223243.884385-1-jhubbard@nvidia.com>', `<${KB09_ID}>`]);
        expect(reply.headers.get('auto-submitted')).toBe('auto-generated');
        expect(reply.to && !Array.isArray(reply.to) ? reply.to.text : '').toContain('jhubbard@nvidia.com');
        expect(reply.cc && !Array.isArray(reply.cc) ? reply.cc.text : '').toContain('linux-kernel@vger.kernel.org');
        expect((await completedResults(h, QUEUE.ingest)).length).toBe(first.length);

        // The cursor in Redis is UIDVALIDITY:UID of the last message handed out.
        const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
        try {
          const cursor = await redis.get(appKey(h.prefix, 'cursor', shortHash(SOURCE_ID)));
          expect(cursor).toMatch(new RegExp(`^\\d+:${first.length}$`));
        } finally {
          redis.disconnect();
        }

        // A restart: a second service instance on the same Redis and prefix; one new mail arrives meanwhile.
        await h.stop();
        server.deliver('INBOX', readFileSync(KB10));
        await h.start();
        await waitForIngested(h, first.length + 1);
        expect((await completedResults(h, QUEUE.ingest)).length).toBe(first.length + 1);
        // Every message was handed out by exactly one poll: nothing was fetched twice.
        const polled = ((await completedResults(h, pollQueueName(SOURCE_ID))) as { items: number }[]).reduce(
          (n, r) => n + r.items,
          0,
        );
        expect(polled).toBe(first.length + 1);
        const again = await repliesIn(h.outbox);
        expect(again.map((r) => r.inReplyTo?.replace(/[<>]/g, '')).sort()).toEqual(
          await patchesWithFindings([SERIES, KB09, KB10]),
        );
      },
    );
  },
);
