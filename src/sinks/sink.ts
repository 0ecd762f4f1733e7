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

/**
 * A sink that can tell, before publishing and without sending, that publish() would send
 * nothing (a list it may not post to, a reply it already sent). The publish worker asks first,
 * so that what only a real send should spend (a list's rate-limit slot) is not spent on these.
 */
export interface Precheck {
  /** The receipt publish() would return without sending, or null when it would send. */
  precheck(p: Publication): Promise<PublishReceipt | null>;
}

export const hasPrecheck = (s: Sink): s is Sink & Precheck => 'precheck' in s;
