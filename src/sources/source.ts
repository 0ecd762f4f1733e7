/**
 * Where mail comes from. A pull source is polled with a cursor that the service keeps in Redis,
 * so a restart (or another machine) resumes exactly where the last poll ended.
 * Push sources (webhooks) are not PullSources: they verify, normalise to RawItem and enqueue.
 */

/** One raw item as a source delivers it. */
export interface RawItem {
  /** 'spool:/var/spool/dax', 'public-inbox:nvdimm', 'imap:lists'. */
  readonly sourceId: string;
  /** Stable within the source (file name, commit oid, UIDVALIDITY:UID): used for job ids. */
  readonly itemKey: string;
  /** ISO 8601, when the source received it. */
  readonly receivedAt: string;
  readonly kind: 'rfc822';
  readonly raw: Buffer;
}

export interface PollResult {
  readonly items: readonly RawItem[];
  /** Cursor to pass to the next poll; persisted only after the items are enqueued. */
  readonly next: string;
}

export interface PullSource {
  readonly id: string;
  /** Items after `cursor` (undefined: from the start), at most `limit` of them. */
  poll(cursor: string | undefined, limit: number, signal: AbortSignal): Promise<PollResult>;
  close?(): Promise<void>;
}
