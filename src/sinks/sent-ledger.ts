import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DEFAULT_LEDGER_RETENTION_MS } from '../queue/names.js';

/** What was recorded about one sent reply. */
export const SentInfo = z.object({
  sinkId: z.string(),
  /** ISO 8601. */
  sentAt: z.string(),
  /** Envelope recipients the server accepted. */
  accepted: z.array(z.string()),
  /** The server's final reply to DATA ("250 2.0.0 Ok: queued as …"), for tracing a mail. */
  response: z.string(),
});
export type SentInfo = z.infer<typeof SentInfo>;

/**
 * Which replies already went out, by Message-ID. The SMTP sink checks it before sending and
 * records after the server accepted the mail, so a retried or re-run publish sends nothing.
 * A claim held while sending keeps two workers from sending the same reply at once (a stalled
 * job that BullMQ hands to a second worker while the first still runs).
 */
export interface SentLedger {
  has(messageId: string): Promise<boolean>;
  /** Records a send; false when it was already recorded (the first record is kept). */
  record(messageId: string, info: SentInfo): Promise<boolean>;
  /** What was recorded, null when nothing was. */
  get(messageId: string): Promise<SentInfo | null>;
  /**
   * Claims the right to send for `ttlMs` (longer than one SMTP transaction can take): a token
   * for {@link release}, or null when another holder has it. It expires if its holder dies.
   */
  claim(messageId: string, ttlMs: number): Promise<string | null>;
  /** Gives a claim up (after recording the send, or after a failed attempt); only its own. */
  release(messageId: string, token: string): Promise<void>;
}

/** KEYS[1] claim key, ARGV[1] token: deletes the key only while it still holds the token. */
const RELEASE_IF_OWNER =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * The ledger in Redis: one key per Message-ID, written with SET NX so that concurrent workers
 * cannot overwrite the first record. Kept `ledgerMs` (`redis.ledgerRetentionDays`, far longer
 * than the mail itself), so a long run stays bounded; Redis runs with `noeviction`, so a
 * record is never dropped before then.
 */
export class RedisSentLedger implements SentLedger {
  /**
   * @param redis a connection owned by the caller (not closed here)
   * @param prefix key prefix, e.g. `dax-review:`; tests use a random one each
   * @param ledgerMs how long a send record is kept
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ledgerMs = DEFAULT_LEDGER_RETENTION_MS,
  ) {}

  private key(messageId: string, kind: 'sent' | 'sending' = 'sent'): string {
    // Ids are stored bare so `<id>` and `id` name the same reply.
    return `${this.prefix}${kind}:${messageId.trim().replace(/^<+/, '').replace(/>+$/, '')}`;
  }

  async has(messageId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(messageId))) === 1;
  }

  async record(messageId: string, info: SentInfo): Promise<boolean> {
    return (
      (await this.redis.set(this.key(messageId), JSON.stringify(SentInfo.parse(info)), 'PX', this.ledgerMs, 'NX')) ===
      'OK'
    );
  }

  async get(messageId: string): Promise<SentInfo | null> {
    const raw = await this.redis.get(this.key(messageId));
    if (raw === null) return null;
    return SentInfo.parse(JSON.parse(raw));
  }

  async claim(messageId: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    return (await this.redis.set(this.key(messageId, 'sending'), token, 'PX', ttlMs, 'NX')) === 'OK' ? token : null;
  }

  async release(messageId: string, token: string): Promise<void> {
    // Compare-and-delete in one step: a claim that expired and was taken by another worker
    // must not be deleted by its former holder (the Redis docs' single-instance lock pattern).
    await this.redis.eval(RELEASE_IF_OWNER, 1, this.key(messageId, 'sending'), token);
  }
}
