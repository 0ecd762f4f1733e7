/**
 * What the service benches share: a private redis-server (AOF on, as the service starts it) on a
 * free port, N `dax-review serve` processes (workers/main.ts) logging to a file, the producer's
 * queues, and the waits for "every process serves" and "the queues drained".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { BlobStore } from '../../src/queue/blob-store.js';
import { connectRedis, createRedis } from '../../src/queue/connection.js';
import { closeQueues, createQueues, type PipelineQueues } from '../../src/queue/queues.js';
import { findExecutable, startPrivateRedis } from '../../src/service/private-redis.js';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mainScript = fileURLToPath(
  new URL(`../../workers/main.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
);

export interface BenchService {
  readonly dir: string;
  readonly outbox: string;
  readonly redis: Redis;
  readonly redisUrl: string;
  readonly queues: PipelineQueues;
  readonly blobs: BlobStore;
  readonly children: readonly ChildProcess[];
  stop(): Promise<void>;
}

/** @param config YAML lines for the service's config file (the prefix is `bench`) */
export async function startBenchService(processes: number, config: readonly string[]): Promise<BenchService> {
  const dir = mkdtempSync(join(tmpdir(), 'dax-bench-'));
  const binary = await findExecutable('redis-server');
  if (binary === null) throw new Error('redis-server is not installed (apt install redis-server)');
  const redisServer = await startPrivateRedis(binary, join(dir, 'redis'), pino({ level: 'silent' }));
  const prefix = 'bench';
  const configPath = join(dir, 'config.yaml');
  writeFileSync(
    configPath,
    [`redis: { prefix: ${prefix} }`, ...config, process.env.BENCH_EXTRA_CONFIG ?? ''].join('\n'),
  );
  const outbox = join(dir, 'outbox');
  const env = {
    ...process.env,
    REDIS_URL: redisServer.url,
    DAX_REVIEW_CONFIG: configPath,
    DAX_REVIEW_SPOOL_DIR: join(dir, 'spool'),
    DAX_REVIEW_OUTBOX_DIR: outbox,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  const children: ChildProcess[] = [];
  const logFd = openSync(join(dir, 'service.log'), 'a');
  for (let i = 0; i < processes; i++) {
    // BENCH_SERVE_NODE_ARGS: extra node flags for the serve processes (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
    const extra = (process.env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
    const execArgv = [...(mainScript.endsWith('.ts') ? ['--import', 'tsx'] : []), ...extra];
    children.push(spawn(process.execPath, [...execArgv, mainScript], { env, stdio: ['ignore', 'ignore', logFd] }));
  }
  const redis = createRedis(redisServer.url, 'producer');
  await connectRedis(redis, redisServer.url);
  const queues = createQueues(redis, prefix);
  const service: BenchService = {
    dir,
    outbox,
    redis,
    redisUrl: redisServer.url,
    queues,
    blobs: new BlobStore(redis, prefix),
    children,
    async stop() {
      await Promise.all(
        children.map(async (c) => {
          if (c.exitCode !== null) return;
          const exited = new Promise((r) => c.once('exit', r));
          c.kill('SIGTERM');
          const timer = setTimeout(() => {
            c.kill('SIGKILL');
          }, 20_000);
          await exited;
          clearTimeout(timer);
        }),
      );
      await closeQueues(queues);
      await redis.quit();
      await redisServer.stop();
      closeSync(logFd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    // Ready when every process has its workers on every pipeline queue.
    for (let i = 0; ; i++) {
      const counts = await Promise.all(Object.values(queues).map((q) => q.getWorkersCount()));
      if (counts.every((n) => n >= processes)) break;
      if (i > 300 || children.some((c) => c.exitCode !== null))
        throw new Error(`the serve processes did not start (log: ${join(dir, 'service.log')})`);
      await sleep(100);
    }
  } catch (err) {
    await service.stop();
    throw err;
  }
  return service;
}

/** Resolves true once nothing is waiting, active, delayed (series timers) or prioritized twice in a row; false after `timeoutMs`. */
export async function drained(queues: PipelineQueues, timeoutMs: number): Promise<boolean> {
  const start = Date.now();
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() - start > timeoutMs) return false;
    await sleep(250);
    const counts = await Promise.all(
      Object.values(queues).map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
    );
    quiet = counts.every((c) => Object.values(c).every((n) => n === 0)) ? quiet + 1 : 0;
  }
  return true;
}
