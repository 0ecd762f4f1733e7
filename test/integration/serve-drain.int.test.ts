/**
 * Graceful stop with real processes: `serve` runs as a child process and gets SIGTERM while a
 * publish job is in the middle of an SMTP transaction (a real smtp-server that holds its answer
 * to DATA, like a slow MTA). The service must finish that job, not abandon it to the stalled
 * checker, then exit 0; the reply goes out once and is written to the outbox once.
 */
import { Queue } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import { exitOf, startServeChild, untilServing } from '../helpers/serve-child.js';
import { createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-test-server.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const KB09 = join(
  new URL('../fixtures/corpus/kb-mails/', import.meta.url).pathname,
  '09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
);
const HOLD_MS = 1500;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('serve on SIGTERM', () => {
  let h: Harness | null = null;
  let smtp: SmtpTestServer | null = null;
  let child: ChildProcess | null = null;
  let conn: Redis | null = null;
  afterEach(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    conn?.disconnect();
    await h?.cleanup();
    await smtp?.stop();
    h = null;
    smtp = null;
    child = null;
    conn = null;
  });

  it(
    'finishes the publish job in flight, then exits 0; the reply is sent and written once',
    { timeout: 120_000 },
    async () => {
      smtp = await startSmtpServer(0, undefined, { holdDataMs: HOLD_MS });
      h = await createHarness({
        waitMs: 300,
        extraConfig: ['smtp: { enabled: true, allowLists: [linux-kernel.vger.kernel.org] }'],
      });
      h.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
      conn = new Redis(h.redisUrl, { maxRetriesPerRequest: null });
      const publish = new Queue(QUEUE.publish, { connection: conn, prefix: h.prefix });

      child = startServeChild(h);
      await dropIntoSpool(h.spool, [KB09]);
      // The reply's DATA has reached the server, which holds its answer: the send is in flight.
      for (let i = 0; i < 1200 && smtp.receiving() === 0; i++) {
        expect(child.exitCode, 'the service exited early').toBeNull();
        await sleep(25);
      }
      expect(smtp.receiving()).toBe(1);
      const inFlight = (await publish.getActive()).filter((j) => (j.data as { sinkId: string }).sinkId === 'smtp');
      expect(inFlight).toHaveLength(1);
      const jobId = inFlight[0]!.id!;
      expect(smtp.received).toHaveLength(0);

      const stoppedAt = Date.now();
      child.kill('SIGTERM');
      expect(await exitOf(child)).toBe(0);
      // It waited for the server's answer (well, for most of the hold) rather than leaving.
      expect(Date.now() - stoppedAt).toBeGreaterThan(HOLD_MS / 3);
      expect(smtp.received).toHaveLength(1);
      const job = await publish.getJob(jobId);
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue).toMatchObject({ sinkId: 'smtp', outcome: 'sent' });
      // Finished by the process that started it: not failed, not taken up again as stalled.
      expect([job?.attemptsStarted, job?.stalledCounter, job?.failedReason]).toEqual([1, 0, undefined]);

      // A new process finds nothing left to send.
      child = startServeChild(h);
      await untilServing(child, publish);
      await waitForIdle(h, 60_000);
      child.kill('SIGTERM');
      expect(await exitOf(child)).toBe(0);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.receiving()).toBe(1);
      expect(await outboxFiles(h.outbox)).toHaveLength(1);
      await publish.close();
    },
  );
});
