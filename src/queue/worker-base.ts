import type { WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';

/** What every worker factory receives besides its own collaborators. */
export interface WorkerBase {
  readonly connection: Redis;
  readonly prefix: string;
  readonly log: Logger;
  readonly concurrency: number;
  /**
   * Job lock; a worker that dies (SIGKILL, power) loses its jobs' locks and they are taken up
   * again after at most this long. @defaultValue 30000 (BullMQ's default)
   */
  readonly lockMs?: number;
}

export function workerOptions(base: WorkerBase, concurrency = base.concurrency): WorkerOptions {
  return {
    connection: base.connection,
    prefix: base.prefix,
    concurrency,
    ...(base.lockMs === undefined ? {} : { lockDuration: base.lockMs, stalledInterval: base.lockMs }),
  };
}
