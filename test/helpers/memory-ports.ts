/* eslint-disable @typescript-eslint/require-await -- in-memory ports answer at once behind the async interfaces Redis needs */
/**
 * In-memory implementations of src/review's ports, for unit tests of the service's decisions
 * without Redis (the Redis implementations have integration tests of their own). They keep the
 * contracts that matter: threads in arrival order, joins idempotent, and a queue that keeps one
 * job per id the way BullMQ does with deterministic job ids.
 */
import type { PatchMail } from '../../src/model/patch-mail.js';
import type { FindingLedger, MessageRecord, RawMailStore, SeriesQueue, ThreadStore } from '../../src/review/ports.js';

export class MemoryThreadStore implements ThreadStore {
  readonly records = new Map<string, MessageRecord>();
  readonly parses = new Map<string, PatchMail>();
  readonly #threads = new Map<string, string[]>();
  readonly #unthreaded = new Map<string, Map<string, number>>();

  put(record: MessageRecord, parsed: PatchMail | null = null): void {
    if (!this.records.has(record.key)) this.records.set(record.key, record);
    if (parsed !== null) this.parses.set(record.key, parsed);
  }

  async mustGet(key: string): Promise<MessageRecord> {
    const r = this.records.get(key);
    if (r === undefined) throw new Error(`no record ${key}`);
    return r;
  }

  async thread(root: string): Promise<MessageRecord[]> {
    return (this.#threads.get(root) ?? []).flatMap((k) => this.records.get(k) ?? []);
  }

  async threads(roots: readonly string[]): Promise<MessageRecord[]> {
    return (await Promise.all(roots.map((r) => this.thread(r)))).flat();
  }

  async addToThread(root: string, key: string): Promise<MessageRecord[]> {
    await this.joinThread(root, key);
    return this.thread(root);
  }

  async joinThread(root: string, key: string): Promise<void> {
    const members = this.#threads.get(root) ?? [];
    if (!members.includes(key)) members.push(key);
    this.#threads.set(root, members);
  }

  async joinUnthreaded(group: string, root: string, score: number, windowMs: number, limit: number): Promise<string[]> {
    const set = this.#unthreaded.get(group) ?? new Map<string, number>();
    if (!set.has(root)) set.set(root, score);
    this.#unthreaded.set(group, set);
    const at = set.get(root) ?? score;
    return [...set]
      .filter(([, s]) => Math.abs(s - at) <= windowMs)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([r]) => r);
  }

  async parsed(keys: readonly string[]): Promise<Map<string, PatchMail | null>> {
    return new Map(keys.map((k) => [k, this.parses.get(k) ?? null]));
  }
}

export class MemoryRawMails implements RawMailStore {
  readonly blobs = new Map<string, Buffer>();
  async find(blob: string): Promise<Buffer | null> {
    return this.blobs.get(blob) ?? null;
  }
}

export class MemoryFindingLedger implements FindingLedger {
  readonly #works = new Map<string, Map<string, number>>();
  async record(workKey: string, version: number, fingerprints: readonly string[]): Promise<Map<string, number>> {
    const work = this.#works.get(workKey) ?? new Map<string, number>();
    this.#works.set(workKey, work);
    const earliest = new Map(fingerprints.map((fp) => [fp, work.get(fp) ?? 0]));
    for (const fp of fingerprints)
      if ((work.get(fp) ?? 0) === 0 || version < (work.get(fp) ?? 0)) work.set(fp, version);
    return earliest;
  }
}

/** A queue that keeps one job per member set, as BullMQ does with the deterministic ids of src/queue/series-queue.ts. */
export class MemorySeriesQueue implements SeriesQueue {
  readonly reviews = new Map<
    string,
    { threadRoot: string; trigger: string; reason: string; members: readonly string[] }
  >();
  readonly waits = new Map<
    string,
    { threadRoot: string; messageKey: string; members: readonly string[]; delayMs: number }
  >();
  async queueReview(review: {
    threadRoot: string;
    trigger: string;
    reason: string;
    members: readonly string[];
  }): Promise<void> {
    const id = review.members.join('\n');
    if (!this.reviews.has(id)) this.reviews.set(id, review);
  }
  async queueWait(wait: {
    threadRoot: string;
    messageKey: string;
    members: readonly string[];
    delayMs: number;
  }): Promise<void> {
    const id = `${wait.threadRoot}\n${wait.members.join('\n')}`;
    if (!this.waits.has(id)) this.waits.set(id, wait);
  }
}
