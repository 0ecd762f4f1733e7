/**
 * A private redis-server for `npm start` on a machine without a Redis: started on a free
 * port with AOF on (appendfsync everysec) and noeviction (queue data must never be evicted),
 * data under the service's data folder, restarted if it dies, stopped when the service stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import type { Logger } from '../log/logger.js';
import { redisReachable } from './redis-reachable.js';

export async function findExecutable(name: string, path = process.env.PATH ?? ''): Promise<string | null> {
  for (const dir of [...path.split(delimiter), '/usr/sbin', '/usr/bin', '/usr/local/bin']) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        ok(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Written in the data folder while a private server runs: its URL. */
export const PRIVATE_URL_FILE = 'redis.url';

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** A previous run killed hard can leave its server holding the AOF folder: stop it first. */
async function stopLeftover(pidFile: string, log: Logger): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('redis-server')) return;
  log.warn({ pid }, 'stopping a private redis-server left by an earlier run');
  process.kill(pid, 'SIGTERM');
  for (
    let i = 0;
    i < 100 &&
    (await readFile(`/proc/${pid}/cmdline`, 'utf8').then(
      () => true,
      () => false,
    ));
    i++
  )
    await sleep(50);
}

/** Starts redis-server (binary path given) with its data in `dataDir`; resolves once it answers. */
export async function startPrivateRedis(
  binary: string,
  dataDir: string,
  log: Logger,
  port?: number,
): Promise<PrivateRedis> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const pidFile = join(dir, 'redis.pid');
  await stopLeftover(pidFile, log);
  const chosen = port ?? (await freePort());
  const url = `redis://127.0.0.1:${chosen}`;
  const args = [
    '--port',
    String(chosen),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--pidfile',
    pidFile,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
  ];
  let child: ChildProcess | null = null;
  let stopping = false;
  let restarts = 0;
  const launch = (): void => {
    const c = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    c.stderr.on('data', (d: Buffer) => {
      log.warn({ redis: d.toString().trim() }, 'private redis-server');
    });
    c.on('exit', (code, signal) => {
      if (stopping) return;
      // Supervision: a crashed private Redis comes back on the same port with its AOF.
      log.error({ code, signal, restarts }, 'private redis-server exited; restarting it');
      if (restarts++ < 5) setTimeout(launch, 500);
    });
  };
  launch();
  for (let i = 0; !(await redisReachable(url, 500)); i++) {
    if (i > 100) throw new Error(`private redis-server (${binary}) did not answer at ${url} within 10 s`);
    await sleep(100);
  }
  // The CLI (`jobs failed`, `enqueue`) finds the private server through this file.
  const urlFile = join(dir, PRIVATE_URL_FILE);
  await writeFile(urlFile, `${url}\n`);
  log.info({ url, dataDir: dir }, 'started a private redis-server (AOF on)');
  return {
    url,
    port: chosen,
    stop: async () => {
      stopping = true;
      await rm(urlFile, { force: true });
      const c: ChildProcess | null = child;
      if (c?.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    },
  };
}
