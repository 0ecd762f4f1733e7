/**
 * Fault test: the service's Redis (our own redis-server, AOF on, free port) is restarted in the
 * middle of a run. Workers retry their commands until it is back; every message is reviewed and
 * every due reply written once.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../../src/check/check-inputs.js';
import { QUEUE } from '../../src/queue/names.js';
import { findExecutable, startPrivateRedis, type PrivateRedis } from '../../src/service/private-redis.js';
import { completedResults, createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const INPUTS = [
  join(CORPUS, 'series-samples/01-dax-gup-mistake-v1.mbox'),
  join(CORPUS, 'kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml'),
  join(CORPUS, 'kb-mails/10-mm-frame-vec-use-foll-longterm.eml'),
];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Redis restarted mid-run', () => {
  let h: Harness | null = null;
  let redis: PrivateRedis | null = null;
  afterEach(async () => {
    await h?.cleanup();
    await redis?.stop();
    h = null;
    redis = null;
  });

  it('loses nothing and doubles nothing', { timeout: 120_000 }, async () => {
    const binary = (await findExecutable('redis-server'))!;
    const log = pino({ level: 'silent' });
    h = await createHarness({ waitMs: 1000 });
    const dataDir = join(h.dir, 'own-redis');
    redis = await startPrivateRedis(binary, dataDir, log);
    h.env.REDIS_URL = redis.url;
    const harness = { ...h, redisUrl: redis.url };
    await h.start();
    await dropIntoSpool(h.spool, INPUTS);
    for (let i = 0; i < 400 && (await completedResults(harness, QUEUE.ingest)).length < 3; i++) await sleep(25);

    const port = redis.port;
    const outboxAtStop = (await outboxFiles(h.outbox)).length;
    await redis.stop();
    await sleep(1500);
    redis = await startPrivateRedis(binary, dataDir, log, port);
    await waitForIdle(harness, 90_000);

    const report = await checkInputs(INPUTS, { rules, workers: 0 });
    const due = [...new Set(report.findings.map((f) => f.messageId))].sort();
    expect(outboxAtStop).toBeLessThan(due.length);
    const files = await outboxFiles(h.outbox);
    expect(files).toHaveLength(due.length);
    const written = ((await completedResults(harness, QUEUE.publish)) as { outcome: string }[]).filter(
      (r) => r.outcome === 'written',
    );
    expect(written).toHaveLength(due.length);
    // Every message of the input was ingested.
    expect((await completedResults(harness, QUEUE.ingest)).length).toBe(report.messages);
  });
});
