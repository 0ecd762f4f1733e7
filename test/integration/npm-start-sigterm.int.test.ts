/**
 * The README's quick start (`npm start`) under a supervisor's SIGTERM, with real processes:
 * the signal goes to npm, as `docker stop` or systemd send it. The service below npm must
 * get it, drain and exit; an npm that dies alone leaves it running as an orphan that never
 * drains (npm 11 with a script that does not `exec`).
 */
import { Queue } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import { alive, descendants, exitOf, startNpmStart, untilServing } from '../helpers/serve-child.js';
import { createHarness, outboxFiles, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const KB09 = join(
  new URL('../fixtures/corpus/kb-mails/', import.meta.url).pathname,
  '09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('npm start on SIGTERM', () => {
  let h: Harness | null = null;
  let npm: ChildProcess | null = null;
  let conn: Redis | null = null;
  let left: number[] = [];
  afterEach(async () => {
    for (const pid of left) if (alive(pid)) process.kill(pid, 'SIGKILL');
    if (npm?.exitCode === null) npm.kill('SIGKILL');
    conn?.disconnect();
    await h?.cleanup();
    h = null;
    npm = null;
    conn = null;
    left = [];
  });

  it('reaches the service, which drains and exits; nothing is left running', { timeout: 120_000 }, async () => {
    h = await createHarness({ waitMs: 300 });
    conn = new Redis(h.redisUrl, { maxRetriesPerRequest: null });
    const ingest = new Queue(QUEUE.ingest, { connection: conn, prefix: h.prefix });
    npm = startNpmStart(h);
    let out = '';
    npm.stderr?.on('data', (b: Buffer) => {
      out += b.toString();
    });
    npm.stdout?.resume();

    await untilServing(npm, ingest);
    // A reply in the outbox: the service is past start-up, its signal handlers are in.
    await dropIntoSpool(h.spool, [KB09]);
    for (let i = 0; i < 1200 && (await outboxFiles(h.outbox)).length === 0; i++) await sleep(50);
    expect(await outboxFiles(h.outbox)).toHaveLength(1);

    left = descendants(npm.pid!);
    expect(left.length, 'npm runs the service below it').toBeGreaterThan(0);
    npm.kill('SIGTERM');
    expect(await exitOf(npm)).toBe(0);
    // npm exited; the service (and any shell between) must be gone too, not orphaned. An orphan
    // stays forever, so a short grace for the kernel to reap it cannot hide one.
    for (let i = 0; i < 100 && left.some(alive); i++) await sleep(100);
    expect(left.filter(alive), 'processes npm left running').toEqual([]);
    // It stopped as serve stops on a signal: draining, then 'service stopped'.
    const msgs = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs).toContain('draining in-flight jobs');
    expect(msgs.at(-1)).toBe('service stopped');
    expect(await ingest.getWorkersCount()).toBe(0);
    await ingest.close();
  });
});
