/**
 * The same pipeline with sending on: replies go to a real SMTP server process (smtp-server on
 * loopback) for allowed lists only, once each (also across an SMTP outage), and still to the outbox.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import { freePort } from '../../src/service/private-redis.js';
import { completedResults, createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-test-server.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const KB = new URL('../fixtures/corpus/kb-mails/', import.meta.url).pathname;
const KB09 = join(KB, '09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');
const KB09_ID = '20200527223243.884385-3-jhubbard@nvidia.com';

/** How many attempts the SMTP publish job took. */
async function smtpAttempts(h: Harness): Promise<number> {
  const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
  const q = new Queue(QUEUE.publish, { connection: redis, prefix: h.prefix });
  try {
    const jobs = (await q.getCompleted(0, -1)).filter((j) => (j.data as { sinkId: string }).sinkId === 'smtp');
    expect(jobs).toHaveLength(1);
    return jobs[0]!.attemptsMade;
  } finally {
    await q.close();
    redis.disconnect();
  }
}

describe('spool → queues → SMTP (real Redis, real SMTP server)', () => {
  let h: Harness | null = null;
  let smtp: SmtpTestServer | null = null;
  afterEach(async () => {
    await h?.cleanup();
    await smtp?.stop();
    h = null;
    smtp = null;
  });

  it('sends one threaded reply to the author, all it went to and the list, even when the mail arrives twice', async () => {
    smtp = await startSmtpServer();
    h = await createHarness({
      waitMs: 500,
      extraConfig: ['smtp: { enabled: true, allowLists: [linux-kernel.vger.kernel.org] }'],
    });
    h.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
    await h.start();
    await dropIntoSpool(h.spool, [KB09]);
    await waitForIdle(h);
    await dropIntoSpool(h.spool, [KB09], (n) => `again-${n}`);
    await waitForIdle(h);

    expect(smtp.received).toHaveLength(1);
    const sent = smtp.received[0]!;
    expect([...sent.to].sort()).toEqual([
      'akpm@linux-foundation.org',
      'jhubbard@nvidia.com',
      'linux-kernel@vger.kernel.org',
      'linux-mm@kvack.org',
    ]);
    const mail = await simpleParser(sent.raw);
    expect(mail.inReplyTo).toBe(`<${KB09_ID}>`);
    expect(mail.subject).toBe('Re: [PATCH 2/2] mm/gup: frame_vector: convert get_user_pages() --> pin_user_pages()');
    expect(await outboxFiles(h.outbox)).toHaveLength(1);
  });

  it('sends nothing to a list that is not allowed (the outbox still shows the reply)', async () => {
    smtp = await startSmtpServer();
    h = await createHarness({
      waitMs: 500,
      extraConfig: ['smtp: { enabled: true, allowLists: [nvdimm.lists.linux.dev] }'],
    });
    h.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
    await h.start();
    await dropIntoSpool(h.spool, [KB09]);
    await waitForIdle(h);
    expect(smtp.received).toHaveLength(0);
    expect(await outboxFiles(h.outbox)).toHaveLength(1);
  });

  it('sends the reply exactly once when the SMTP server was down for a while', { timeout: 60_000 }, async () => {
    const port = await freePort();
    h = await createHarness({
      waitMs: 300,
      extraConfig: [
        'smtp: { enabled: true, allowLists: [linux-kernel.vger.kernel.org] }',
        // The service's mail-outage backoff, with waits short enough for a test (200 ms … 1 s).
        'publish: { backoff: { firstDelayMs: 200, maxDelayMs: 1000 } }',
      ],
    });
    h.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    await h.start();
    await dropIntoSpool(h.spool, [KB09]);
    // The publish job fails (connection refused) and waits for its retry with backoff.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await outboxFiles(h.outbox)).toHaveLength(1);
    smtp = await startSmtpServer(port);
    await waitForIdle(h, 50_000);
    expect(smtp.received).toHaveLength(1);
    const receipts = (await completedResults(h, QUEUE.publish)) as { sinkId: string; outcome: string }[];
    expect(receipts.filter((r) => r.sinkId === 'smtp')).toEqual([
      { sinkId: 'smtp', outcome: 'sent', ref: expect.any(String) as unknown },
    ]);
    // It failed during the outage and was retried by the backoff, not by hand.
    expect(await smtpAttempts(h)).toBeGreaterThan(1);
  });
});
