import type { Redis } from 'ioredis';
import type { PatchMail } from '../model/patch-mail.js';
import { PermanentError } from '../errors.js';
import { appKey, DEFAULT_RETENTION_MS, shortHash } from './names.js';

/** What ingest keeps per message: the raw blob ref and the headers-only mail series assembly reads. */
export interface MessageRecord {
  readonly key: string;
  readonly blob: string;
  readonly sourceId: string;
  readonly itemKey: string;
  /** Headers and subject only (prose and diff dropped): assembleSeries never reads diffs. */
  readonly mail: PatchMail;
  readonly hasDiff: boolean;
}

/** The key a message is known by: its Message-ID, else its blob (it cannot be replied to then). */
export function messageKeyOf(mail: PatchMail, blob: string): string {
  return mail.messageId ?? `blob-${blob}`;
}

/** The thread a message belongs to: the first of its References, else what it replies to, else itself. */
export function threadRootOf(mail: PatchMail, key: string): string {
  return mail.references[0] ?? mail.inReplyTo ?? key;
}

export function slimMail(mail: PatchMail): PatchMail {
  return { ...mail, commitMessage: '', trailers: [], notes: '', diffText: null, diff: [], warnings: [] };
}

/**
 * Parsed-message records and per-thread member lists in Redis. A message is recorded once
 * (SET NX on its key): a second delivery of the same Message-ID keeps the first copy, the way
 * assembleSeries collapses re-deliveries.
 */
export class MessageStore {
  /** @param retentionMs records expire this long after ingest; a thread this long after its last message */
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly retentionMs = DEFAULT_RETENTION_MS) {}

  private recordKey(key: string): string {
    return appKey(this.prefix, 'msg', shortHash(key));
  }

  /** Records the message unless one with that key exists; true when this call stored it. */
  async putOnce(record: MessageRecord): Promise<boolean> {
    return (await this.redis.set(this.recordKey(record.key), JSON.stringify(record), 'PX', this.retentionMs, 'NX')) === 'OK';
  }

  async get(key: string): Promise<MessageRecord | null> {
    const json = await this.redis.get(this.recordKey(key));
    return json === null ? null : (JSON.parse(json) as MessageRecord);
  }

  async mustGet(key: string): Promise<MessageRecord> {
    const record = await this.get(key);
    if (record === null) throw new PermanentError(`message ${key} was never ingested`);
    return record;
  }

  /** Adds a member to its thread and returns every member, in arrival order of the add. */
  async addToThread(root: string, key: string): Promise<MessageRecord[]> {
    const threadKey = appKey(this.prefix, 'thread', shortHash(root));
    // A sorted set scored by a global sequence keeps arrival order (assembleSeries uses it for
    // ties); NX keeps a member's first position when its job runs again.
    const seq = await this.redis.incr(appKey(this.prefix, 'seq'));
    await this.redis.zadd(threadKey, 'NX', String(seq), key);
    await this.redis.pexpire(threadKey, this.retentionMs);
    return this.thread(root);
  }

  async thread(root: string): Promise<MessageRecord[]> {
    const keys = await this.redis.zrange(appKey(this.prefix, 'thread', shortHash(root)), '0', '-1');
    const records = await Promise.all(keys.map((k) => this.get(k)));
    return records.filter((r): r is MessageRecord => r !== null);
  }
}
