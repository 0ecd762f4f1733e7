/**
 * Fault test with real processes: the service runs as a child process on its own redis-server
 * (AOF on, free port); it is killed with SIGKILL while a review job is in flight and started
 * again. Every message must be reviewed and every due reply written exactly once.
 */
import { Queue, type Job } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../../src/check/check-inputs.js';
import { QUEUE } from '../../src/queue/names.js';
import type { ReviewSummary } from '../../src/review/review-summary.js';
import { findExecutable, startPrivateRedis, type PrivateRedis } from '../../src/service/private-redis.js';
import { exitOf, pauseWhileActive, startServeChild } from '../helpers/serve-child.js';
import { createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CORPUS = join(ROOT, 'test/fixtures/corpus');
const INPUTS = [
  join(CORPUS, 'series-samples/01-dax-gup-mistake-v1.mbox'),
  join(CORPUS, 'series-samples/02-dax-gup-mistake-v3.mbox'),
  join(CORPUS, 'kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml'),
  join(CORPUS, 'kb-mails/10-mm-frame-vec-use-foll-longterm.eml'),
  join(CORPUS, 'kb-mails/22-mm-gup-dont-allow-foll-longterm-pinning-of-fs-dax-pages.eml'),
];

describe('a worker killed with SIGKILL mid-review', () => {
  let h: Harness | null = null;
  let redis: PrivateRedis | null = null;
  let child: ChildProcess | null = null;
  afterEach(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await h?.cleanup();
    await redis?.stop();
    h = null;
    redis = null;
    child = null;
  });

  it('loses nothing and doubles nothing after a restart', { timeout: 180_000 }, async () => {
    const binary = await findExecutable('redis-server');
    expect(binary, 'redis-server must be installed for the fault tests').not.toBeNull();
    h = await createHarness({ lockMs: 1000, waitMs: 1000 });
    redis = await startPrivateRedis(binary!, join(h.dir, 'redis'), pino({ level: 'silent' }));
    h.env.REDIS_URL = redis.url;
    const harness = { ...h, redisUrl: redis.url };

    child = startServeChild(h);
    await dropIntoSpool(h.spool, INPUTS);
    const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
    const ingest = new Queue(QUEUE.ingest, { connection: conn, prefix: h.prefix });
    const review = new Queue(QUEUE.review, { connection: conn, prefix: h.prefix });
    // Kill while a review job is in flight: frozen mid-job, then SIGKILL.
    const killedReview = await pauseWhileActive(child, review);
    child.kill('SIGKILL');
    await exitOf(child);
    // Nothing finished it: the dead process still holds it (until its lock runs out).
    expect(await review.getJobState(killedReview)).toBe('active');

    child = startServeChild(h);
    await waitForIdle(harness, 120_000);

    const report = await checkInputs(INPUTS, { rules, workers: 0 });
    const due = [...new Set(report.findings.map((f) => f.messageId))].sort();
    const files = await outboxFiles(h.outbox);
    const replies = await Promise.all(files.map(async (f) => simpleParser(await readFile(join(h!.outbox, f)))));
    expect(replies.map((r) => r.inReplyTo?.replace(/[<>]/g, '')).sort()).toEqual(due);

    // The killed review was taken up again as stalled by the new process and completed.
    const again = await review.getJob(killedReview);
    expect(await again?.getState()).toBe('completed');
    expect(again?.stalledCounter).toBeGreaterThanOrEqual(1);
    // Every patch with a diff was covered by a completed review.
    const reviewed = new Set(
      ((await review.getCompleted(0, -1)) as Job[]).flatMap((j) =>
        (j.returnvalue as ReviewSummary).patches.map((p) => p.messageId),
      ),
    );
    const patches = report.series.flatMap((s) => s.patches.filter((p) => p.diffText !== null).map((p) => p.messageId));
    for (const id of patches) expect(reviewed.has(id), `${id ?? '?'} reviewed`).toBe(true);
    // Each due reply was published (written) exactly once.
    const publish = new Queue(QUEUE.publish, { connection: conn, prefix: h.prefix });
    const written = ((await publish.getCompleted(0, -1)) as Job[]).filter(
      (j) => (j.returnvalue as { outcome: string }).outcome === 'written',
    );
    expect(written).toHaveLength(due.length);
    expect(await ingest.getFailedCount()).toBe(0);
    await Promise.all([ingest.close(), review.close(), publish.close()]);
    conn.disconnect();

    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
  });
});
