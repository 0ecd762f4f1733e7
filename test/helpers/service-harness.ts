/**
 * Integration-test harness: a temp spool and outbox, a random key prefix on a real Redis
 * (TEST_REDIS_URL, else the local one), the service started in this process, and cleanup of
 * every key under the prefix afterwards.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { afterEach } from 'vitest';
import { rules } from '../../rules/index.js';
import { loadServiceConfig } from '../../src/config/service-config.js';
import { QUEUE } from '../../src/queue/names.js';
import { startService, type RunningService } from '../../workers/main.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Harness {
  readonly dir: string;
  readonly spool: string;
  readonly outbox: string;
  readonly prefix: string;
  readonly redisUrl: string;
  readonly configPath: string;
  /** Environment that points the CLI (or a child service) at this harness. */
  readonly env: Record<string, string>;
  service: RunningService | null;
  /** Starts the service, logging to `log` (else silent, or TEST_LOG_LEVEL). */
  start(log?: Logger): Promise<RunningService>;
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface HarnessOptions {
  readonly redisUrl?: string;
  readonly waitMs?: number;
  readonly lockMs?: number;
  /** The `lists:` entries (YAML flow maps). @defaultValue linux-kernel.vger.kernel.org with its address */
  readonly lists?: readonly string[];
  /** Extra YAML lines for the config file (e.g. an smtp section). */
  readonly extraConfig?: readonly string[];
  /** More environment for the service (e.g. GITHUB_* variables). */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'dax-int-'));
  const prefix = `t${randomBytes(6).toString('hex')}`;
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const configPath = join(dir, 'config.yaml');
  await writeFile(
    configPath,
    [
      `redis: { prefix: ${prefix}, dataDir: ${join(dir, 'redis')} }`,
      'spool: { pollMs: 200 }',
      `series: { waitMs: ${options.waitMs ?? 1500} }`,
      `workers: { concurrency: 2, lockMs: ${options.lockMs ?? 30000} }`,
      'lists:',
      ...(options.lists ?? ['{ id: linux-kernel.vger.kernel.org, address: linux-kernel@vger.kernel.org }']).map(
        (l) => `  - ${l}`,
      ),
      ...(options.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  const env = {
    REDIS_URL: redisUrl,
    DAX_REVIEW_CONFIG: configPath,
    DAX_REVIEW_SPOOL_DIR: join(dir, 'spool'),
    DAX_REVIEW_OUTBOX_DIR: join(dir, 'outbox'),
    LOG_LEVEL: 'warn',
    ...options.extraEnv,
  };
  const h: Harness = {
    dir,
    spool: env.DAX_REVIEW_SPOOL_DIR,
    outbox: env.DAX_REVIEW_OUTBOX_DIR,
    prefix,
    redisUrl,
    configPath,
    env,
    service: null,
    async start(log?: Logger) {
      const loaded = await loadServiceConfig(
        env,
        rules.map((r) => r.id),
      );
      h.service = await startService(loaded, log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
      return h.service;
    },
    async stop() {
      await h.service?.close();
      h.service = null;
    },
    async cleanup() {
      await h.stop();
      await deleteKeys(redisUrl, prefix);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Deletes every key under the prefix (queues and app keys). */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the spool is drained and no pipeline job is waiting, active or delayed. */
export async function waitForIdle(
  h: Pick<Harness, 'redisUrl' | 'prefix' | 'spool'>,
  timeoutMs = 60_000,
): Promise<void> {
  const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: null });
  const queues = Object.values(QUEUE).map((name) => new Queue(name, { connection: redis, prefix: h.prefix }));
  try {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    while (quiet < 4) {
      if (Date.now() > deadline) throw new Error('the pipeline did not go idle in time');
      await sleep(250);
      const spooled = (await readdir(h.spool).catch(() => [])).filter((f) => /\.(eml|mbox)(\.gz)?$/.test(f));
      const counts = await Promise.all(
        queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
      );
      const busy = spooled.length + counts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
      quiet = busy === 0 ? quiet + 1 : 0;
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
  }
}

/** The .eml files in the outbox (temp files excluded), sorted. */
export async function outboxFiles(outbox: string): Promise<string[]> {
  return (await readdir(outbox).catch(() => [])).filter((f) => f.endsWith('.eml') && !f.startsWith('.')).sort();
}

/** Return values of the completed jobs of one queue. */
export async function completedResults(h: Pick<Harness, 'redisUrl' | 'prefix'>, queue: string): Promise<unknown[]> {
  const redis = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
  const q = new Queue(queue, { connection: redis, prefix: h.prefix });
  try {
    return (await q.getCompleted(0, -1)).map((j) => j.returnvalue as unknown);
  } finally {
    await q.close();
    redis.disconnect();
  }
}

export interface HarnessPerTest {
  /** Creates and starts this test's harness. */
  start(options?: HarnessOptions): Promise<Harness>;
  /** Writes a derived mail (latin1, bytes as read) into this test's temp folder; returns its path. */
  writeDerived(name: string, text: string): Promise<string>;
}

/**
 * For a describe block whose tests each run the service on derived mails: the harness and the
 * temp folder of each test are removed after it, whatever the test did.
 */
export function useHarnessPerTest(): HarnessPerTest {
  let h: Harness | null = null;
  let dir: string | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
    if (dir !== null) await rm(dir, { recursive: true, force: true });
    dir = null;
  });
  return {
    start: async (options) => {
      h = await createHarness(options);
      await h.start();
      return h;
    },
    writeDerived: async (name, text) => {
      dir ??= await mkdtemp(join(tmpdir(), 'dax-derived-'));
      const path = join(dir, name);
      await writeFile(path, text, 'latin1');
      return path;
    },
  };
}
