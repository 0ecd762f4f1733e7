import type { Address } from '../model/patch-mail.js';
import type { Finding } from '../model/finding.js';
import { renderEmailReply, type EmailReply, type ReplyIdentity } from '../render/email-reply.js';
import { replyRefusal, type BotSelf } from './reply-policy.js';
import type { ThreadReview } from './review-thread.js';

/** The outcome for one reviewed patch: a reply to send, or why there is none. */
export interface PlannedReply {
  readonly messageId: string | null;
  readonly subject: string;
  readonly listId: string | null;
  readonly findings: readonly Finding[];
  /** Raised on an earlier version already (not repeated), with that version. */
  readonly persisting: readonly { readonly finding: Finding; readonly since: number }[];
  readonly reply: EmailReply | null;
  /** Why no reply: no findings, or a never-spam rule. */
  readonly skipped: string | null;
}

export interface ReplyPlanOptions {
  readonly identity: Omit<ReplyIdentity, 'list'>;
  /** The address to Cc for a List-Id (null: reply to the author only). */
  readonly listAddress: (listId: string | null) => Address | null;
}

/** One reply per patch with findings, none when there are none or the bot must stay quiet. */
export function planReplies(review: ThreadReview, options: ReplyPlanOptions): PlannedReply[] {
  const self: BotSelf = { address: options.identity.from.address, domain: options.identity.domain };
  return review.patches.map(({ mail, findings, persisting }) => {
    const base = { messageId: mail.messageId, subject: mail.subject.raw, listId: mail.listId, findings, persisting };
    if (findings.length === 0) return { ...base, reply: null, skipped: persisting.length > 0 ? 'only findings raised on an earlier version' : 'no findings' };
    const refusal = replyRefusal(mail, self);
    if (refusal !== null) return { ...base, reply: null, skipped: refusal };
    const identity: ReplyIdentity = { ...options.identity, list: options.listAddress(mail.listId) };
    return { ...base, reply: renderEmailReply(mail, findings, identity), skipped: null };
  });
}
