import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { NO_BODY } from '../mail/header-fields.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { MessageRecord } from '../review/ports.js';
import { seriesRoleOf } from '../series/series-role.js';
import { PermanentError } from '../errors.js';
import { TtlMap } from '../cache/ttl-map.js';
import { LuaScript } from './lua-script.js';
import { appKey, DEFAULT_RETENTION_MS, shortHash } from './names.js';

// Deflate on libuv's thread pool (beside the event loop). Inflating a mail is a few tens of µs:
// synchronous is cheaper than a zlib stream per call.
const deflate = promisify(deflateRaw);

export type { MessageRecord } from '../review/ports.js';

/** The key a message is known by: its Message-ID, else its blob (it cannot be replied to then). */
export function messageKeyOf(mail: PatchMail, blob: string): string {
  return mail.messageId ?? `blob-${blob}`;
}

/** The key of a different mail that reuses a Message-ID another mail already holds: the id and its blob. */
export function reusedIdKey(messageId: string, blob: string): string {
  return `${messageId}#${blob.slice(0, 16)}`;
}

export { threadRootOf } from '../review/ports.js';

export function slimMail(mail: PatchMail): PatchMail {
  return { ...mail, ...NO_BODY, warnings: [] };
}

/**
 * Whether a review can ever need more of this mail than its headers: a series member (cover or
 * patch, judged from the subject as assembleSeries does) or a mail with a diff of its own (a
 * reply carrying a patch is reviewed alone). The rest (replies, announcements) only ever take
 * part in series assembly, which reads headers and subjects. `hasDiff`: for a headers-only
 * parse, whether the mail has a diff (its diffText is always null).
 */
export function needsFullMail(mail: PatchMail, hasDiff: boolean = mail.diffText !== null): boolean {
  return hasDiff || seriesRoleOf(mail.subject) !== 'none';
}

/**
 * KEYS[1] the record, KEYS[2] the parsed mail; ARGV[1] record JSON, ARGV[2] parsed mail (empty:
 * none), ARGV[3] retention in ms. The parsed mail is written only with the record that wins the
 * SET NX, so both always describe the same (first) copy of a Message-ID.
 */
const PUT_ONCE = new LuaScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3], 'NX') then return 0 end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
return 1`);

/**
 * KEYS[1] the thread, KEYS[2] the global arrival sequence; ARGV[1] the member, ARGV[2] retention
 * in ms, ARGV[3] '1' to return the members. A sorted set scored by a global sequence keeps arrival
 * order (assembleSeries uses it for ties); NX keeps a member's first position when its job runs
 * again. One round trip instead of four.
 */
const ADD_TO_THREAD = new LuaScript(`
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], 'NX', seq, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if ARGV[3] == '1' then return redis.call('ZRANGE', KEYS[1], 0, -1) end
return 0`);

/**
 * PUT_ONCE and ADD_TO_THREAD in one round trip: KEYS[1] the record, KEYS[2] the parsed mail,
 * KEYS[3] the thread, KEYS[4] the arrival sequence; ARGV[1] record JSON, ARGV[2] parsed mail
 * (empty: none), ARGV[3] retention in ms, ARGV[4] the member, ARGV[5] '1' to return the members.
 * The copy that wins the SET NX joins the thread at once: {1, members or 0}. Another copy
 * changes nothing and gets the record that holds the Message-ID: {0, its JSON}.
 */
const PUT_AND_JOIN = new LuaScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3], 'NX') then return {0, redis.call('GET', KEYS[1])} end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
local seq = redis.call('INCR', KEYS[4])
redis.call('ZADD', KEYS[3], 'NX', seq, ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
if ARGV[5] == '1' then return {1, redis.call('ZRANGE', KEYS[3], 0, -1)} end
return {1, 0}`);

/**
 * KEYS[1] a sender's set of unthreaded roots (see unthreaded-scope.ts); ARGV[1] the root,
 * ARGV[2] its score (ms), ARGV[3] the window either side (ms), ARGV[4] at most this many roots,
 * ARGV[5] retention in ms. NX keeps a root's first score (a mail without a Message-ID is scored
 * by its arrival), and the window is read around that score: the roots near it, itself
 * included.
 */
const JOIN_UNTHREADED = new LuaScript(`
redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local at = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
local w = tonumber(ARGV[3])
return redis.call('ZRANGEBYSCORE', KEYS[1], at - w, at + w, 'LIMIT', 0, tonumber(ARGV[4]))`);

/** What putAndJoin did: stored and joined (with the thread's members when asked), or found another copy holding the Message-ID. */
export type PutAndJoin =
  | { readonly stored: true; readonly members: MessageRecord[] | null }
  | { readonly stored: false; readonly holder: MessageRecord };

export interface MessageStoreOptions {
  /** Records kept in this process's memory as a pure speed-up. @defaultValue 20000 */
  readonly cacheRecords?: number;
  /** How long a cached record is used. @defaultValue 5 minutes */
  readonly cacheTtlMs?: number;
}

/**
 * Parsed-message records, the parsed mails reviews need, and per-thread member lists in Redis.
 * A message is recorded once (SET NX on its key): a second delivery of the same Message-ID keeps
 * the first copy, the way assembleSeries collapses re-deliveries.
 */
export class MessageStore {
  /**
   * Records by key, in this process only and only as a speed-up: a record never changes once
   * stored (SET NX), so a copy read from (or confirmed by) Redis stays right. Entries live a few
   * minutes (a thread's mails arrive together); Redis stays the truth (thread membership is
   * always read from it).
   */
  private readonly cache: TtlMap<MessageRecord>;
  private readonly cacheTtlMs: number;

  /** @param retentionMs records expire this long after ingest; a thread this long after its last message */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionMs = DEFAULT_RETENTION_MS,
    options: MessageStoreOptions = {},
  ) {
    this.cache = new TtlMap(options.cacheRecords ?? 20_000);
    this.cacheTtlMs = options.cacheTtlMs ?? 5 * 60_000;
  }

  private remember(record: MessageRecord, now: number): void {
    this.cache.set(record.key, record, now + this.cacheTtlMs);
  }

  private recordKey(key: string): string {
    return appKey(this.prefix, 'msg', shortHash(key));
  }

  private parsedKey(key: string): string {
    return appKey(this.prefix, 'parsed', shortHash(key));
  }

  private threadKey(root: string): string {
    return appKey(this.prefix, 'thread', shortHash(root));
  }

  /**
   * Records the message unless one with that key exists; true when this call stored it. `parsed`
   * (the whole parse, for the review: see needsFullMail) is stored with the record, deflated
   * JSON, and only when the record is stored.
   */
  async putOnce(record: MessageRecord, parsed: PatchMail | null = null): Promise<boolean> {
    const packed = parsed === null ? null : await deflate(JSON.stringify(parsed), { level: 1 });
    return this.putOncePacked(record, JSON.stringify(record), packed);
  }

  /** putOnce with the record already serialized and the parse already deflated (ingest-parse.ts). */
  async putOncePacked(record: MessageRecord, recordJson: string, packed: Buffer | null): Promise<boolean> {
    const stored =
      Number(
        await PUT_ONCE.run(
          this.redis,
          [this.recordKey(record.key), this.parsedKey(record.key)],
          [recordJson, packed ?? '', String(this.retentionMs)],
        ),
      ) === 1;
    if (stored) this.remember(record, Date.now());
    return stored;
  }

  /**
   * putOncePacked, then (only when this call stored the record) addToThread or joinThread, in one
   * round trip. A copy that loses the SET NX joins nothing and gets the holder's record (its
   * caller places the holder again when it is the same delivery retried: see ingest).
   */
  async putAndJoin(
    record: MessageRecord,
    recordJson: string,
    packed: Buffer | null,
    root: string,
    withMembers: boolean,
  ): Promise<PutAndJoin> {
    const out = await PUT_AND_JOIN.run(
      this.redis,
      [this.recordKey(record.key), this.parsedKey(record.key), this.threadKey(root), appKey(this.prefix, 'seq')],
      [recordJson, packed ?? '', String(this.retentionMs), record.key, withMembers ? '1' : '0'],
    );
    const [stored, payload] = Array.isArray(out) ? (out as unknown[]) : [];
    const now = Date.now();
    if (Number(stored) !== 1) {
      if (typeof payload !== 'string') throw new Error(`message ${record.key}: its record vanished while being stored`);
      const holder = JSON.parse(payload) as MessageRecord;
      this.remember(holder, now);
      return { stored: false, holder };
    }
    this.remember(record, now);
    return { stored: true, members: Array.isArray(payload) ? await this.records(payload.map(String)) : null };
  }

  async get(key: string): Promise<MessageRecord | null> {
    return (await this.records([key]))[0] ?? null;
  }

  async mustGet(key: string): Promise<MessageRecord> {
    const record = await this.get(key);
    if (record === null) throw new PermanentError(`message ${key} was never ingested`);
    return record;
  }

  /** The records of these keys, in that order; missing ones (never ingested, expired) left out. One MGET at most. */
  async records(keys: readonly string[]): Promise<MessageRecord[]> {
    const now = Date.now();
    const found = keys.map((k) => this.cache.get(k, now));
    const missing = keys.filter((_, i) => found[i] === undefined);
    if (missing.length > 0) {
      const json = await this.redis.mget(...missing.map((k) => this.recordKey(k)));
      const read = new Map<string, MessageRecord>();
      json.forEach((j, i) => {
        const key = missing[i];
        if (j === null || key === undefined) return;
        const record = JSON.parse(j) as MessageRecord;
        read.set(key, record);
        this.remember(record, now);
      });
      keys.forEach((k, i) => {
        found[i] ??= read.get(k);
      });
    }
    return found.filter((r): r is MessageRecord => r !== undefined);
  }

  /**
   * The whole parses stored at ingest for these keys (null where none is stored: a mail that
   * needed none, or one ingested before parses were stored). One MGET.
   */
  async parsed(keys: readonly string[]): Promise<Map<string, PatchMail | null>> {
    if (keys.length === 0) return new Map();
    const packed = await this.redis.mgetBuffer(...keys.map((k) => this.parsedKey(k)));
    return new Map(
      keys.map((k, i) => {
        const p = packed[i] ?? null;
        return [k, p === null ? null : (JSON.parse(inflateRawSync(p).toString('utf8')) as PatchMail)];
      }),
    );
  }

  /** Adds a member to its thread and returns every member, in arrival order of the add. */
  async addToThread(root: string, key: string): Promise<MessageRecord[]> {
    const keys = await ADD_TO_THREAD.run(
      this.redis,
      [this.threadKey(root), appKey(this.prefix, 'seq')],
      [key, String(this.retentionMs), '1'],
    );
    return this.records(Array.isArray(keys) ? keys.map(String) : []);
  }

  /** Adds a member to its thread without reading the thread back. */
  async joinThread(root: string, key: string): Promise<void> {
    await ADD_TO_THREAD.run(
      this.redis,
      [this.threadKey(root), appKey(this.prefix, 'seq')],
      [key, String(this.retentionMs), '0'],
    );
  }

  /**
   * Puts an unthreaded root in its sender's set and returns the roots near it in time (itself
   * included), at most `limit`.
   */
  async joinUnthreaded(group: string, root: string, score: number, windowMs: number, limit: number): Promise<string[]> {
    const roots = await JOIN_UNTHREADED.run(
      this.redis,
      [appKey(this.prefix, 'unthreaded', shortHash(group))],
      [root, String(score), String(windowMs), String(limit), String(this.retentionMs)],
    );
    return Array.isArray(roots) ? roots.map(String) : [];
  }

  /**
   * The members of several threads as one list in arrival order (the global sequence the
   * threads are scored by), each once. One round trip for the member lists, one MGET at most.
   */
  async threads(roots: readonly string[]): Promise<MessageRecord[]> {
    const pipeline = this.redis.pipeline();
    for (const root of roots) pipeline.zrange(this.threadKey(root), '0', '-1', 'WITHSCORES');
    const seqOf = new Map<string, number>();
    for (const [err, out] of (await pipeline.exec()) ?? []) {
      if (err !== null) throw err;
      const flat = Array.isArray(out) ? out.map(String) : [];
      for (let i = 0; i + 1 < flat.length; i += 2) seqOf.set(flat[i] ?? '', Number(flat[i + 1]));
    }
    return this.records([...seqOf.keys()].sort((a, b) => (seqOf.get(a) ?? 0) - (seqOf.get(b) ?? 0)));
  }

  async thread(root: string): Promise<MessageRecord[]> {
    return this.records(await this.redis.zrange(this.threadKey(root), '0', '-1'));
  }
}
