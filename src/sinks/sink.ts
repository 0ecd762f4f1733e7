import type { EmailReply } from '../render/email-reply.js';

/** What a sink publishes: for mail, one rendered reply on the patch thread. */
export interface MailPublication {
  readonly kind: 'email-reply';
  /** The list the patch came from (List-Id), for allow-lists and rate limits. */
  readonly listId: string | null;
  readonly reply: EmailReply;
}

export type Publication = MailPublication;

/** What a publish did; recorded by the publish worker. */
export interface PublishReceipt {
  readonly sinkId: string;
  /** 'sent' | 'written' | 'skipped-duplicate' | 'skipped-not-allowed' | 'dry-run' */
  readonly outcome: 'sent' | 'written' | 'skipped-duplicate' | 'skipped-not-allowed' | 'dry-run';
  /** Where it went: a file path, an SMTP message id. */
  readonly ref: string | null;
}

/**
 * A destination for reviews. publish() must be idempotent: publishing the same reply twice (a
 * retried job, a crashed worker) leaves one reply, recognised by its deterministic Message-ID.
 */
export interface Sink {
  readonly id: string;
  accepts(p: Publication): boolean;
  publish(p: Publication, signal: AbortSignal): Promise<PublishReceipt>;
  close?(): Promise<void>;
}
