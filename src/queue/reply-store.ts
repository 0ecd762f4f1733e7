import type { Redis } from 'ioredis';
import { PublishRecord } from '../sinks/publish-record.js';
import type { MailPublication, PublishReceipt } from '../sinks/sink.js';
import { PermanentError } from '../errors.js';
import { appKey, DEFAULT_LEDGER_RETENTION_MS, DEFAULT_RETENTION_MS, shortHash } from './names.js';

/**
 * Rendered replies (keyed by their fingerprint, so publish payloads carry a ref, not a mail)
 * and the record of what each sink did with each (publish-record.ts), keyed by the reply's
 * deterministic Message-ID: a retried or duplicated publish job finds the record and
 * publishes nothing.
 */
export class ReplyStore {
  /**
   * @param retentionMs rendered replies expire after this
   * @param ledgerMs publish records expire after this, much later: a reply once sent, or refused
   * by the allow-list, must not go out when its mail is delivered again (they are small)
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionMs = DEFAULT_RETENTION_MS,
    private readonly ledgerMs = DEFAULT_LEDGER_RETENTION_MS,
  ) {}

  async put(publication: MailPublication): Promise<string> {
    const ref = publication.reply.fingerprint;
    await this.redis.set(appKey(this.prefix, 'reply', ref), JSON.stringify(publication), 'PX', this.retentionMs);
    return ref;
  }

  async get(ref: string): Promise<MailPublication> {
    const json = await this.redis.get(appKey(this.prefix, 'reply', ref));
    if (json === null) throw new PermanentError(`reply ${ref} is not in the store`);
    return JSON.parse(json) as MailPublication;
  }

  /** Under `sent` for every outcome: the name predates the other outcomes, and old records must still be found. */
  private recordKey(sinkId: string, messageId: string): string {
    return appKey(this.prefix, 'sent', shortHash(`${sinkId}\n${messageId}`));
  }

  /** What the first publish of this reply through this sink did, null when there was none. */
  async published(sinkId: string, messageId: string): Promise<PublishRecord | null> {
    const json = await this.redis.get(this.recordKey(sinkId, messageId));
    return json === null ? null : PublishRecord.parse(JSON.parse(json));
  }

  /** Records what a publish did, whatever the outcome (publish-record.ts says why). */
  async recordPublished(messageId: string, receipt: PublishReceipt, at = new Date()): Promise<void> {
    const record: PublishRecord = { ...receipt, at: at.toISOString() };
    await this.redis.set(this.recordKey(receipt.sinkId, messageId), JSON.stringify(record), 'PX', this.ledgerMs);
  }
}
