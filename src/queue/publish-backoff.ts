import type { BackoffStrategy, DefaultJobOptions } from 'bullmq';
import { z } from 'zod';

/**
 * How publish jobs retry a send that failed for a reason that may pass (an SMTP server down or
 * answering 4xx, a reset connection): exponential from `firstDelayMs`, each wait capped at
 * `maxDelayMs`, until `giveUpAfterMs` of waiting in all; then the job is failed, for
 * `jobs retry`. Mail outages last minutes to hours, so the pipeline's 1 s … 2 min schedule
 * (queues.ts) would give up far too soon. Permanent refusals (5xx) fail at once (errors.ts).
 */
export const PublishBackoff = z
  .object({
    /** The wait before the first retry. @defaultValue 5000 (5 s) */
    firstDelayMs: z.number().int().min(100).default(5_000),
    /** The longest single wait. @defaultValue 600000 (10 min) */
    maxDelayMs: z.number().int().min(100).default(600_000),
    /** Waiting in all before the job fails. @defaultValue 86400000 (24 h); at most 7 days. */
    giveUpAfterMs: z
      .number()
      .int()
      .min(1000)
      .max(7 * 24 * 3600 * 1000)
      .default(24 * 3600 * 1000),
  })
  .strict()
  .refine((b) => b.firstDelayMs <= b.maxDelayMs, {
    message: 'firstDelayMs must not exceed maxDelayMs',
    path: ['firstDelayMs'],
  });
export type PublishBackoff = z.infer<typeof PublishBackoff>;

export const DEFAULT_PUBLISH_BACKOFF: PublishBackoff = PublishBackoff.parse({});

/** The job option's backoff type; BullMQ hands types it does not know to the worker's strategy. */
export const MAIL_OUTAGE_BACKOFF = 'mail-outage';

/** The wait before retry number `attemptsMade` (1 for the first retry), in ms. */
export function mailOutageDelay(attemptsMade: number, b: PublishBackoff): number {
  // 2^(n-1) overflows to Infinity for large n, and Math.min takes care of that.
  return Math.min(b.maxDelayMs, b.firstDelayMs * 2 ** Math.max(0, attemptsMade - 1));
}

/** Job `attempts` (first try included) whose waits add up to at least `giveUpAfterMs`. */
export function attemptsWithin(b: PublishBackoff): number {
  let retries = 0;
  let waited = 0;
  // Doubling phase: at most log2(max / first) + 1 steps.
  while (waited < b.giveUpAfterMs && mailOutageDelay(retries + 1, b) < b.maxDelayMs) {
    retries++;
    waited += mailOutageDelay(retries, b);
  }
  // Capped phase, in one step: every further wait is maxDelayMs.
  if (waited < b.giveUpAfterMs) retries += Math.ceil((b.giveUpAfterMs - waited) / b.maxDelayMs);
  return retries + 1;
}

/** The publish queue's job options: BullMQ's `attempts` and a backoff of our type. */
export function publishJobOptions(b: PublishBackoff): Pick<DefaultJobOptions, 'attempts' | 'backoff'> {
  return { attempts: attemptsWithin(b), backoff: { type: MAIL_OUTAGE_BACKOFF } };
}

/**
 * The publish worker's `settings.backoffStrategy` (BullMQ guide "Retrying failing jobs",
 * custom backoff). BullMQ consults it only for types that are not its own built-ins, and the
 * publish queue only adds jobs of ours.
 */
export function mailOutageStrategy(b: PublishBackoff): BackoffStrategy {
  return (attemptsMade) => mailOutageDelay(attemptsMade, b);
}
