/**
 * Bounded over a long run: after a real review pipeline (spool → ingest → series → review →
 * publish to the outbox and a real SMTP server), every key under the service's prefix either
 * expires or belongs to a set that is bounded by construction. A key someone adds later without
 * a TTL fails this test until it gets one or is listed here (and in README's key table).
 */
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import { outboxFiles, useHarnessPerTest, waitForIdle } from '../helpers/service-harness.js';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-test-server.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const MAILS = [
  join(CORPUS, 'series-samples/01-dax-gup-mistake-v1.mbox'),
  join(CORPUS, 'series-samples/02-dax-gup-mistake-v3.mbox'),
  join(CORPUS, 'kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml'),
];
const KEEP_COMPLETED = 3;

/** App keys without a TTL that are bounded anyway: one arrival counter; one cursor per source. */
const BOUNDED_APP_KEYS = [/^app:seq$/, /^app:cursor:[0-9a-f]+$/];
/** BullMQ's own per-queue structures (one each per queue); job hashes are checked apart. */
const BULLMQ_STRUCTURES = new Set([
  'meta',
  'id',
  'events',
  'wait',
  'active',
  'paused',
  'delayed',
  'prioritized',
  'completed',
  'failed',
  'stalled',
  'stalled-check',
  'marker',
  'pc',
  'limiter',
  'repeat',
  'de',
  'metrics',
]);
const JOB_SETS = ['completed', 'failed', 'delayed', 'prioritized', 'wait', 'active', 'paused'] as const;

async function scanAll(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}

/** The job ids a queue still references (in any of its sets or lists). */
async function referencedJobs(redis: Redis, prefix: string, queue: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const set of JOB_SETS) {
    const key = `${prefix}:${queue}:${set}`;
    const type = await redis.type(key);
    let members: string[] = [];
    if (type === 'zset') members = await redis.zrange(key, '0', '-1');
    else if (type === 'list') members = await redis.lrange(key, '0', '-1');
    members.forEach((m) => ids.add(m));
  }
  return ids;
}

describe('Redis stays bounded (real Redis, real SMTP server)', () => {
  const harness = useHarnessPerTest();
  let smtp: SmtpTestServer | null = null;
  afterEach(async () => {
    await smtp?.stop();
    smtp = null;
  });

  it('every key the pipeline wrote expires, or is a bounded structure; finished jobs are capped by jobs.completed.count', async () => {
    smtp = await startSmtpServer();
    const h = await harness.start({
      waitMs: 500,
      extraConfig: [
        `smtp: { url: "smtp://127.0.0.1:${smtp.port}", enabled: true, allowLists: [linux-kernel.vger.kernel.org, nvdimm.lists.linux.dev] }`,
        `jobs: { completed: { count: ${KEEP_COMPLETED} }, failed: { count: ${KEEP_COMPLETED} } }`,
      ],
    });
    await dropIntoSpool(h.spool, MAILS);
    await waitForIdle(h);
    expect((await outboxFiles(h.outbox)).length).toBeGreaterThan(0);
    expect(smtp.received.length).toBeGreaterThan(0);

    const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const keys = await scanAll(redis, h.prefix);
      const unbounded: string[] = [];
      const kinds = new Set<string>();
      const queues = new Set<string>(Object.values(QUEUE));
      const jobKeys = new Map<string, string[]>();
      for (const key of keys) {
        const rest = key.slice(h.prefix.length + 1);
        if (rest.startsWith('app:')) {
          kinds.add(rest.split(':')[1] ?? '');
          if (BOUNDED_APP_KEYS.some((re) => re.test(rest))) continue;
          if ((await redis.pttl(key)) <= 0) unbounded.push(key);
          continue;
        }
        const [queue = '', part = ''] = rest.split(':');
        if (!queues.has(queue) && !queue.startsWith('poll-')) {
          unbounded.push(key);
          continue;
        }
        if (BULLMQ_STRUCTURES.has(part)) continue;
        // A job's hash (and its logs/lock): bounded only while its job is still in one of the queue's sets.
        if ((await redis.pttl(key)) > 0) continue;
        jobKeys.set(queue, [...(jobKeys.get(queue) ?? []), part]);
      }
      expect(unbounded).toEqual([]);
      // The pipeline did write the kinds of keys this test is about.
      for (const kind of ['blob', 'msg', 'thread', 'reply', 'sent', 'smtp', 'work', 'rate'])
        expect(kinds).toContain(kind);

      for (const queue of Object.values(QUEUE)) {
        expect(await redis.zcard(`${h.prefix}:${queue}:completed`)).toBeLessThanOrEqual(KEEP_COMPLETED);
        const referenced = await referencedJobs(redis, h.prefix, queue);
        const orphans = [...new Set(jobKeys.get(queue) ?? [])].filter((id) => !referenced.has(id));
        expect(orphans, `${queue}: job hashes no set references`).toEqual([]);
      }
      // Far more ingest jobs finished (one per mail stored) than the cap keeps: it really removed some.
      expect(keys.filter((k) => k.startsWith(`${h.prefix}:app:msg:`)).length).toBeGreaterThan(3 * KEEP_COMPLETED);
    } finally {
      redis.disconnect();
    }
  });
});
