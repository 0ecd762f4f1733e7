import type { DefaultJobOptions } from 'bullmq';
import { z } from 'zod';

const DAY_S = 24 * 3600;

const Keep = (ageDays: number, count: number) =>
  z
    .object({
      /** Jobs older than this are removed (BullMQ removes them as later jobs finish). */
      ageDays: z.number().min(0.001).default(ageDays),
      /** At most this many are kept per queue, the newest. */
      count: z.number().int().min(1).default(count),
    })
    .strict()
    .prefault({});

/**
 * How many finished jobs each queue keeps, and for how long (service config `jobs`). Completed
 * jobs are kept a while because a job id only de-duplicates while its job exists (mail is
 * de-duplicated by the message store too, so the bound costs no repeated reply); failed jobs
 * stay for `jobs failed` / `jobs retry`, but not for ever: a long run must not grow Redis.
 */
export const JobRetention = z
  .object({
    completed: Keep(14, 100_000),
    failed: Keep(30, 10_000),
  })
  .strict();
export type JobRetention = z.infer<typeof JobRetention>;

export const DEFAULT_JOB_RETENTION: JobRetention = JobRetention.parse({});

/** BullMQ's removeOnComplete / removeOnFail for a retention (age in seconds). */
export function retentionJobOptions(r: JobRetention): Pick<DefaultJobOptions, 'removeOnComplete' | 'removeOnFail'> {
  return {
    removeOnComplete: { age: Math.ceil(r.completed.ageDays * DAY_S), count: r.completed.count },
    removeOnFail: { age: Math.ceil(r.failed.ageDays * DAY_S), count: r.failed.count },
  };
}
