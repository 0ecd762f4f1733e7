import type { Address } from '../model/patch-mail.js';
import type { Finding } from '../model/finding.js';
import { renderDigestReply } from '../render/digest-reply.js';
import {
  renderEmailReply,
  type EmailReply,
  type PersistingFinding,
  type ReplyHistory,
  type ReplyIdentity,
} from '../render/email-reply.js';
import type { ReplyTo } from '../render/reply-recipients.js';
import { replyRefusal, type BotSelf } from './reply-policy.js';
import type { PatchReview, ThreadReview } from './review-thread.js';

/** The outcome for one reviewed patch: a reply to send, or why there is none. */
export interface PlannedReply {
  /** The series' cover letter (its prose reviewed) or a patch (or a lone mail). */
  readonly role: 'cover' | 'patch';
  readonly messageId: string | null;
  readonly subject: string;
  readonly listId: string | null;
  /** New findings: explained in full. */
  readonly findings: readonly Finding[];
  /** Raised on an earlier version already (never explained again), with that version. */
  readonly persisting: readonly PersistingFinding[];
  /** The reply that covers this patch (a digest is shared by the patches of its series). */
  readonly reply: EmailReply | null;
  /** Why no reply: no findings, or a never-spam rule. */
  readonly skipped: string | null;
}

export interface ReplyPlanOptions {
  readonly identity: Omit<ReplyIdentity, 'list' | 'replyTo'>;
  /** The address to Cc for a List-Id (null: reply to the author only). */
  readonly listAddress: (listId: string | null) => Address | null;
  /** Who gets the reply on the list of this List-Id besides the author. @defaultValue reply-all */
  readonly replyTo?: (listId: string | null) => ReplyTo;
  /** Whether the list of this List-Id gets one digest reply to the cover letter. @defaultValue never */
  readonly digest?: (listId: string | null) => boolean;
  /** List findings raised on an earlier version again (briefly). @defaultValue false */
  readonly repeatPersisting?: boolean;
  /** Reply to [PULL] mail too. @defaultValue false */
  readonly toPull?: boolean;
}

const historyOf = (review: ThreadReview, p: PatchReview, repeat: boolean): ReplyHistory => ({
  version: review.series?.version ?? p.mail.subject.version,
  persisting: p.persisting,
  repeatPersisting: repeat,
});

/** Nothing to say on this patch: no new findings, and persisting ones are not repeated. */
const silence = (p: PatchReview, repeat: boolean): string | null => {
  if (p.findings.length > 0 || (repeat && p.persisting.length > 0)) return null;
  return p.persisting.length > 0 ? 'only findings raised on an earlier version' : 'no findings';
};

/**
 * One reply per patch with something to say, none when there is nothing new (unless persisting
 * findings are repeated) or the bot must stay quiet. On a list configured for digests, a series
 * with a cover letter gets one reply to the cover instead, shared by its patches' outcomes.
 */
export function planReplies(review: ThreadReview, options: ReplyPlanOptions): PlannedReply[] {
  const self: BotSelf = { address: options.identity.from.address, domain: options.identity.domain };
  const repeat = options.repeatPersisting ?? false;
  const toPull = options.toPull ?? false;
  const cover = review.series?.cover ?? null;
  const base = ({ mail, findings, persisting }: PatchReview) => ({
    role: mail === cover ? ('cover' as const) : ('patch' as const),
    messageId: mail.messageId,
    subject: mail.subject.raw,
    listId: mail.listId,
    findings,
    persisting,
  });
  const coverList = cover?.listId ?? review.patches[0]?.mail.listId ?? null;
  if (
    cover !== null &&
    cover.messageId !== null &&
    options.digest?.(coverList) === true &&
    replyRefusal(cover, self, { patchless: true, toPull }) === null
  ) {
    const outcomes = review.patches.map((p) => ({
      p,
      why: silence(p, repeat) ?? replyRefusal(p.mail, self, { toPull }),
    }));
    const said = outcomes
      .filter((o) => o.why === null)
      .map(({ p }) => ({ patch: p.mail, findings: p.findings, history: historyOf(review, p, repeat) }));
    const identity: ReplyIdentity = {
      ...options.identity,
      list: options.listAddress(coverList),
      replyTo: options.replyTo?.(coverList),
    };
    const digest = said.length === 0 ? null : renderDigestReply(cover, said, identity);
    return outcomes.map(({ p, why }) => ({
      ...base(p),
      listId: coverList,
      reply: why === null ? digest : null,
      skipped: why,
    }));
  }
  return review.patches.map((p) => {
    const quiet = silence(p, repeat);
    if (quiet !== null) return { ...base(p), reply: null, skipped: quiet };
    const refusal = replyRefusal(p.mail, self, { toPull });
    if (refusal !== null) return { ...base(p), reply: null, skipped: refusal };
    const identity: ReplyIdentity = {
      ...options.identity,
      list: options.listAddress(p.mail.listId),
      replyTo: options.replyTo?.(p.mail.listId),
    };
    return {
      ...base(p),
      reply: renderEmailReply(p.mail, p.findings, identity, historyOf(review, p, repeat)),
      skipped: null,
    };
  });
}
