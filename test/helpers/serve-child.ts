/**
 * `serve` as a real child process (workers/main.ts under tsx, as `npm start` runs it built),
 * pointed at a harness's Redis, spool and outbox: for the tests that kill or stop the service
 * with a signal.
 */
import type { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness } from './service-harness.js';

const ROOT = new URL('../../', import.meta.url).pathname;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function startServeChild(h: Pick<Harness, 'env'>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'workers/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...h.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * `npm start`, the README's quick start, as a child process (npm → its script → the built
 * service), stdout and stderr piped so a test can read the service's pino lines (on stderr).
 */
export function startNpmStart(h: Pick<Harness, 'env'>): ChildProcess {
  return spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, ...h.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Every process below `pid` (children, theirs, …), from /proc: what a signal to `pid` must not leave behind. */
export function descendants(pid: number): number[] {
  const read = (p: number): number[] => {
    try {
      const kids = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
      return kids.flatMap((k) => [k, ...read(k)]);
    } catch {
      return []; // already gone
    }
  };
  return read(pid);
}

/** Whether a process with this pid still exists (a zombie counts as gone: it runs nothing). */
export function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The child's exit code (null when a signal ended it); resolves at once if it already exited. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
}

/**
 * Waits until the child's workers on `queue` are connected: before that, a SIGTERM can land
 * before `serve` has its handler and end the process as Node's default does (no drain, no 0).
 * The handler goes in right after the workers start; the caller's next wait (an idle pipeline
 * takes a second to confirm) covers that gap.
 */
export async function untilServing(child: ChildProcess, queue: Queue, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await queue.getWorkersCount()) === 0) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) while starting`);
    if (Date.now() > deadline)
      throw new Error(`the service's ${queue.name} workers did not connect within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * Freezes the child (SIGSTOP) at a moment when one of `queue`'s jobs is in flight in it, and
 * returns that job's id; the caller then kills, terminates or continues (SIGCONT) it.
 *
 * Polling alone cannot promise that: a job seen active may finish before a signal lands (most
 * reviews take milliseconds). So the child is stopped first, Redis is asked again once any
 * command the child had already sent has been handled, and only a job still active then
 * counts: frozen, it can neither finish nor record that it did. Otherwise the child goes on
 * and the next active job is tried.
 */
export async function pauseWhileActive(child: ChildProcess, queue: Queue, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the service exited (${child.exitCode}) before a ${queue.name} job was seen in flight`);
    if ((await queue.getActiveCount()) === 0) {
      await sleep(3);
      continue;
    }
    child.kill('SIGSTOP');
    await sleep(100);
    const [active] = await queue.getActive();
    if (active?.id !== undefined) return active.id;
    child.kill('SIGCONT');
  }
  throw new Error(`no ${queue.name} job was seen in flight within ${timeoutMs} ms`);
}
