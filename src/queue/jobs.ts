/**
 * Job payloads (zod schema + inferred type each) and deterministic job ids.
 *
 * Payloads are plain data: ids, hashes and refs, never raw mail (that lives in the blob store,
 * see blob-store.ts) and never secrets. Job ids are derived from content, so the same message
 * delivered twice, or a retried step, adds nothing new: BullMQ ignores an add whose id exists.
 * No ':' in custom ids (BullMQ job-ids docs): everything variable goes through a hex hash.
 */
import { z } from 'zod';
import { shortHash } from './names.js';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest');

/** One raw message to parse: a blob ref plus where it came from. */
export const IngestJob = z
  .object({
    blob: Sha256,
    sourceId: z.string().min(1),
    itemKey: z.string().min(1),
    receivedAt: z.string().min(1),
  })
  .strict();
export type IngestJob = z.infer<typeof IngestJob>;

/** One parsed message to place into its series. */
export const SeriesJob = z.object({ messageKey: z.string().min(1) }).strict();
export type SeriesJob = z.infer<typeof SeriesJob>;

export const ReviewReason = z.enum(['complete', 'timeout', 'single', 'rereview']);
export type ReviewReason = z.infer<typeof ReviewReason>;

/** Review the series (or lone patch) that `trigger` belongs to, as its thread stands now. */
export const ReviewJob = z
  .object({
    threadRoot: z.string().min(1),
    trigger: z.string().min(1),
    reason: ReviewReason,
    /** Publish again even when the same findings were already sent (`rereview --force`): as a new mail. */
    force: z.boolean().default(false),
  })
  .strict();
export type ReviewJob = z.infer<typeof ReviewJob>;

/** Send one stored reply through one sink. */
export const PublishJob = z
  .object({
    sinkId: z.string().min(1),
    /** Fingerprint of the stored reply (reply-store.ts). */
    reply: z.string().regex(/^[0-9a-f]{8,64}$/),
  })
  .strict();
export type PublishJob = z.infer<typeof PublishJob>;

export const PollJob = z.object({ sourceId: z.string().min(1) }).strict();
export type PollJob = z.infer<typeof PollJob>;

const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

export const jobId = {
  ingest: (blob: string): string => `ingest-${blob}`,
  series: (messageKey: string): string => `series-${shortHash(messageKey)}`,
  /** A review of exactly these members under this rule set: the same set is reviewed once. */
  review: (memberKeys: readonly string[], ruleset: string): string =>
    `review-${shortHash([...memberKeys].sort().join('\n') + '\n' + ruleset)}`,
  /** The "stop waiting for missing patches" timer of a series in one state. */
  seriesWait: (threadRoot: string, seriesKey: string): string =>
    `series-wait-${shortHash(`${threadRoot}\n${seriesKey}`)}`,
  /** A manual re-review always runs: the nonce makes it new. */
  rereview: (messageKey: string, nonce: string): string => `rereview-${shortHash(messageKey)}-${safe(nonce)}`,
  publish: (sinkId: string, reply: string): string => `publish-${safe(sinkId)}-${reply}`,
} as const;
