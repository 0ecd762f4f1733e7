/**
 * Fault: the outbox folder cannot take files. Tests run as root, for whom chmod 555 stops
 * nothing, so the outbox is a small tmpfs of its own: remounted read-only (EROFS), or filled up
 * (ENOSPC). The publish job must keep retrying (a transient fault) and complete once the folder
 * takes files again, with exactly one file for the reply and no temp file left behind.
 */
import { Queue } from 'bullmq';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import { createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const KB09 = join(
  new URL('../fixtures/corpus/kb-mails/', import.meta.url).pathname,
  '09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mount = (...args: string[]): void => {
  execFileSync('mount', args, { stdio: 'pipe' });
};

/** Only root can mount a tmpfs; elsewhere the test cannot make an unwritable folder. */
const canMount = process.getuid?.() === 0;

/** Resolves once the publish job has failed at least `n` attempts (and is waiting to retry). */
async function failedAttempts(h: Harness, n: number, timeoutMs = 60_000): Promise<string> {
  const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
  const q = new Queue(QUEUE.publish, { connection: redis, prefix: h.prefix });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [job] = await q.getJobs(['delayed', 'wait', 'active'], 0, 0);
      if (job !== undefined && job.attemptsMade >= n) return job.failedReason;
      await sleep(100);
    }
    throw new Error(`the publish job did not fail ${String(n)} attempts in time`);
  } finally {
    await q.close();
    redis.disconnect();
  }
}

/** The outbox holds exactly the reply's file (no temp file), written by one publish job that completed; none failed. */
async function expectOneReplyWritten(h: Harness): Promise<void> {
  expect(await readdir(h.outbox)).toEqual(await outboxFiles(h.outbox));
  expect(await outboxFiles(h.outbox)).toHaveLength(1);
  const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
  const q = new Queue(QUEUE.publish, { connection: redis, prefix: h.prefix });
  try {
    expect(await q.getFailedCount()).toBe(0);
    expect((await q.getCompleted(0, -1)).map((j) => j.returnvalue as unknown)).toEqual([
      expect.objectContaining({ outcome: 'written' }),
    ]);
  } finally {
    await q.close();
    redis.disconnect();
  }
}

describe.runIf(canMount)('outbox unwritable (a tmpfs of its own, real Redis)', () => {
  let h: Harness | null = null;
  let mounted: string | null = null;
  afterEach(async () => {
    await h?.stop();
    if (mounted !== null) mount('-o', 'remount,rw', mounted);
    if (mounted !== null) execFileSync('umount', [mounted]);
    await h?.cleanup();
    h = null;
    mounted = null;
  });

  async function start(): Promise<Harness> {
    h = await createHarness({
      waitMs: 300,
      extraConfig: ['publish: { backoff: { firstDelayMs: 200, maxDelayMs: 400 } }'],
    });
    await mkdir(h.outbox, { recursive: true });
    mount('-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', h.outbox);
    mounted = h.outbox;
    return h;
  }

  it(
    'read-only: the publish job retries until the folder is writable, then writes the reply once',
    { timeout: 120_000 },
    async () => {
      const harness = await start();
      mount('-o', 'remount,ro', harness.outbox);
      await harness.start();
      await dropIntoSpool(harness.spool, [KB09]);
      expect(await failedAttempts(harness, 3)).toMatch(/outbox .*: cannot write .*\.eml: .*read-only file system/i);
      expect(await readdir(harness.outbox)).toEqual([]);

      mount('-o', 'remount,rw', harness.outbox);
      await waitForIdle(harness);
      await expectOneReplyWritten(harness);
    },
  );

  it(
    'full: a write that fails half way leaves no temp file, and the reply is written once there is room',
    { timeout: 120_000 },
    async () => {
      const harness = await start();
      // Fill the tmpfs but for a little less than one reply (a reply is a few kB).
      const filler = join(harness.outbox, 'filler');
      await writeFile(filler, Buffer.alloc(64 * 1024 - 2048)).catch(() => undefined);
      await harness.start();
      await dropIntoSpool(harness.spool, [KB09]);
      expect(await failedAttempts(harness, 3)).toMatch(/no space left on device/i);
      // Only the filler: every failed attempt removed its partial temp file.
      expect(await readdir(harness.outbox)).toEqual(['filler']);

      await rm(filler);
      await waitForIdle(harness);
      await expectOneReplyWritten(harness);
    },
  );
});
