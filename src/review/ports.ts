/**
 * The ports of the mail service's decisions: what src/review needs from storage and queues,
 * and nothing of how. src/queue implements them on Redis (MessageStore, FindingHistory,
 * BlobStore, the BullMQ queues); the unit tests of src/review run on in-memory ones
 * (test/helpers/memory-ports.ts). The direction is the point: src/review never imports src/queue.
 */
import type { PatchMail } from '../model/patch-mail.js';

/** What ingest keeps per message: the raw blob ref and the headers-only mail series assembly reads. */
export interface MessageRecord {
  readonly key: string;
  readonly blob: string;
  readonly sourceId: string;
  readonly itemKey: string;
  /** Headers and subject only (prose and diff dropped): assembleSeries never reads diffs. */
  readonly mail: PatchMail;
  readonly hasDiff: boolean;
  /**
   * The rule set (its id, rulesetVersion) under which no rule can fire on this mail: its text
   * names none of the rules' triggers (the checker's prefilter). Such a mail has no whole parse
   * stored and needs no review; absent when some rule may fire on it, or for records written
   * before the prefilter. A different rule set judges the mail again (from its blob).
   */
  readonly quietFor?: string;
}

/** The thread a message belongs to: the first of its References, else what it replies to, else itself. */
export function threadRootOf(mail: PatchMail, key: string): string {
  return mail.references[0] ?? mail.inReplyTo ?? key;
}

/** Messages and threads: the records of a thread in arrival order, and the whole parses reviews read. */
export interface ThreadStore {
  mustGet(key: string): Promise<MessageRecord>;
  /** The thread's records in arrival order. */
  thread(root: string): Promise<MessageRecord[]>;
  /** The records of several threads, in arrival order. */
  threads(roots: readonly string[]): Promise<MessageRecord[]>;
  /** Joins the message to the thread (idempotent) and returns the thread's records. */
  addToThread(root: string, key: string): Promise<MessageRecord[]>;
  /** Joins the message to the thread (idempotent) without reading it back. */
  joinThread(root: string, key: string): Promise<void>;
  /** Registers an unthreaded root under its sender's group; returns the group's roots within `windowMs` of it (at most `limit`). */
  joinUnthreaded(group: string, root: string, score: number, windowMs: number, limit: number): Promise<string[]>;
  /** The whole parses stored for these keys (null: none stored). */
  parsed(keys: readonly string[]): Promise<Map<string, PatchMail | null>>;
}

/** The raw bytes of ingested mail, by blob ref (null once past retention). */
export interface RawMailStore {
  find(blob: string): Promise<Buffer | null>;
}

/** Per work (v1..vN of a series), the version each finding was first raised on. */
export interface FindingLedger {
  /** Records the fingerprints as raised on `version`; returns, per fingerprint, the earliest version raised before (0: never). */
  record(workKey: string, version: number, fingerprints: readonly string[]): Promise<Map<string, number>>;
}

/** Where the series step's decisions go: review jobs and wait timers, each idempotent per member set. */
export interface SeriesQueue {
  /** Queues the review of the thread's series as these members stand (once per member set and rule set). */
  queueReview(review: {
    readonly threadRoot: string;
    readonly trigger: string;
    readonly reason: string;
    readonly members: readonly string[];
  }): Promise<void>;
  /** Queues the wait timer of an incomplete series: `messageKey`'s series step runs again after `delayMs`. */
  queueWait(wait: {
    readonly threadRoot: string;
    readonly messageKey: string;
    readonly members: readonly string[];
    readonly delayMs: number;
  }): Promise<void>;
}
