import type { Redis } from 'ioredis';
import type { MailPublication, PublishReceipt } from '../sinks/sink.js';
import { PermanentError } from '../errors.js';
import { appKey, DEFAULT_RETENTION_MS, shortHash } from './names.js';

/**
 * Rendered replies (keyed by their fingerprint, so publish payloads carry a ref, not a mail)
 * and the record of what each sink already published, keyed by the reply's deterministic
 * Message-ID: a retried or duplicated publish job finds the record and sends nothing.
 */
export class ReplyStore {
  /**
   * @param retentionMs rendered replies expire after this; send records never do (a reply once
   * sent must never go out again, and they are small)
   */
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly retentionMs = DEFAULT_RETENTION_MS) {}

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

  private sentKey(sinkId: string, messageId: string): string {
    return appKey(this.prefix, 'sent', shortHash(`${sinkId}\n${messageId}`));
  }

  async sent(sinkId: string, messageId: string): Promise<PublishReceipt | null> {
    const json = await this.redis.get(this.sentKey(sinkId, messageId));
    return json === null ? null : (JSON.parse(json) as PublishReceipt);
  }

  async recordSent(messageId: string, receipt: PublishReceipt): Promise<void> {
    await this.redis.set(this.sentKey(receipt.sinkId, messageId), JSON.stringify(receipt));
  }
}
