import { z } from 'zod';
import type { PublishReceipt } from './sink.js';

/**
 * What the publish worker keeps about a reply and a sink, by the reply's Message-ID: what
 * happened the first time, and when. It is read before every publish, so a retried or
 * duplicated job does not publish twice, and it says what really happened, which is not always
 * "sent":
 *
 * - `sent`, `written`, `dry-run`: the reply went out (or was shown, for the outbox).
 * - `skipped-not-allowed`: the reply's list was not on `smtp.allowLists` then, and nothing was
 *   sent. This is final for that reply: if the list is allowed later, a job for the same reply
 *   still sends nothing, because a reply that arrives days or weeks after its patch is spam.
 *   `rereview --force` sends it: a forced reply gets a Message-ID of its own
 *   (reissue-reply.ts), so it has no record yet and is checked against today's allow-list.
 * - `skipped-duplicate`: the sink itself already had it (sent by a job that died before this
 *   record was written).
 */
export const PublishRecord = z.object({
  sinkId: z.string(),
  outcome: z.enum(['sent', 'written', 'skipped-duplicate', 'skipped-not-allowed', 'dry-run']),
  ref: z.string().nullable(),
  /** ISO 8601; absent on records written before it was kept. */
  at: z.string().optional(),
});
export type PublishRecord = z.infer<typeof PublishRecord>;

/** What a later job for a reply with this record returns: it publishes nothing either way. */
export function repeatOutcome(record: PublishRecord): PublishReceipt {
  const outcome = record.outcome === 'skipped-not-allowed' ? 'skipped-not-allowed' : 'skipped-duplicate';
  return { sinkId: record.sinkId, outcome, ref: record.ref };
}

const SAID: Readonly<Record<PublishReceipt['outcome'], string>> = {
  sent: 'sent',
  written: 'written to the outbox',
  'dry-run': 'dry run: not sent',
  'skipped-duplicate': 'already published: not published again',
  'skipped-not-allowed':
    'not sent: the list is not on smtp.allowLists (rereview --force sends a fresh copy once it is)',
};

/** The log line for an outcome: a reply that was not sent is never logged as published. */
export const describeOutcome = (outcome: PublishReceipt['outcome']): string => SAID[outcome];
