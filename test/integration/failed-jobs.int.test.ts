import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { GITHUB_REVIEW_QUEUE } from '../../src/github/jobs.js';
import { cliInProcess } from '../helpers/cli-in-process.js';
import { createHarness, waitForIdle, type Harness } from '../helpers/service-harness.js';

const cli = (h: Harness, ...args: string[]): Promise<{ code: number; out: string }> => cliInProcess(h.env, ...args);

describe('failed jobs (real Redis)', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it('an unparseable mail fails once, is listed by `jobs failed` with its reason, and can be retried', async () => {
    h = await createHarness();
    await h.start();
    await writeFile(join(h.spool, '.tmp'), '');
    await writeFile(join(h.spool, 'garbage.eml'), 'this is not a mail at all\nno headers here\n');
    await waitForIdle(h);

    const listed = await cli(h, 'jobs', 'failed', '--json');
    expect(listed.code).toBe(0);
    const failed = JSON.parse(listed.out) as { queue: string; id: string; reason: string; attempts: number }[];
    expect(failed).toHaveLength(1);
    expect(failed[0]!.queue).toBe('ingest');
    expect(failed[0]!.attempts).toBe(1); // permanent: not retried with backoff
    expect(failed[0]!.reason).toMatch(/garbage\.eml#0: not a mail message: no header section/);

    const text = await cli(h, 'jobs', 'failed');
    expect(text.out).toContain(`ingest/${failed[0]!.id}`);

    const retried = await cli(h, 'jobs', 'retry', `ingest/${failed[0]!.id}`);
    expect(retried).toEqual({ code: 0, out: 'retried 1 job\n' });
    await waitForIdle(h);
    // Still garbage, so it fails again: a second attempt, listed again.
    const again = JSON.parse((await cli(h, 'jobs', 'failed', '--json')).out) as { attempts: number }[];
    expect(again).toHaveLength(1);
    expect(again[0]!.attempts).toBe(2);

    expect((await cli(h, 'jobs', 'retry', '--all')).out).toBe('retried 1 job\n');
    expect((await cli(h, 'jobs', 'retry', 'ingest/no-such-job')).code).toBe(1);
  });

  it('a GitHub review that failed for good is listed and retried too', async () => {
    h = await createHarness();
    const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(GITHUB_REVIEW_QUEUE, { connection: redis, prefix: h.prefix });
    const events = new QueueEvents(GITHUB_REVIEW_QUEUE, { connection: redis.duplicate(), prefix: h.prefix });
    // A stand-in for the GitHub worker (its own tests run it against the fake GitHub): the
    // review fails as the real one does on a 404, for good.
    let runs = 0;
    const worker = new Worker(
      GITHUB_REVIEW_QUEUE,
      () => {
        runs++;
        throw new UnrecoverableError('GET /repos/o/r/pulls/7: 404 Not Found');
      },
      { connection: redis.duplicate(), prefix: h.prefix },
    );
    try {
      await events.waitUntilReady();
      const job = await queue.add('review', { pull: 7 }, { jobId: 'o-r-7-head', attempts: 3 });
      await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/404/);

      const failed = JSON.parse((await cli(h, 'jobs', 'failed', '--json')).out) as {
        queue: string;
        id: string;
        reason: string;
      }[];
      expect(failed).toEqual([
        expect.objectContaining({
          queue: GITHUB_REVIEW_QUEUE,
          id: 'o-r-7-head',
          reason: 'GET /repos/o/r/pulls/7: 404 Not Found',
        }),
      ]);
      expect(await cli(h, 'jobs', 'retry', `${GITHUB_REVIEW_QUEUE}/o-r-7-head`)).toEqual({
        code: 0,
        out: 'retried 1 job\n',
      });
      await expect.poll(() => runs, { timeout: 10_000 }).toBe(2);
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
      redis.disconnect();
    }
  });
});
