import type { PatchMail } from '../model/patch-mail.js';
import { isReviewable } from '../pipeline/review-patches.js';

/** Who the bot is, for recognising its own mail. */
export interface BotSelf {
  readonly address: string;
  readonly domain: string;
}

/**
 * Why the bot must not reply to this mail, or null when it may. Never spam: not to its own
 * mail (by sender or by its Message-ID scheme, in case a list rewrites From), not to
 * automatic mail (RFC 3834 Auto-Submitted other than "no"), not to pull requests, and not to
 * anything the review does not read (src/pipeline/review-patches.ts: replies without a patch of
 * their own), unless `patchless`. Pull requests get replies only with `toPull`.
 */
export function replyRefusal(
  mail: PatchMail,
  self: BotSelf,
  options: { readonly patchless?: boolean; readonly toPull?: boolean } = {},
): string | null {
  if (mail.messageId === null) return 'it has no Message-ID to reply to';
  if (mail.from?.address.toLowerCase() === self.address.toLowerCase()) return "it is the bot's own mail";
  if (mail.messageId.startsWith('dax-review.') && mail.messageId.endsWith(`@${self.domain}`))
    return "it is the bot's own mail";
  if (mail.autoSubmitted !== 'no') return `it is automatic mail (Auto-Submitted: ${mail.autoSubmitted})`;
  if (mail.subject.pull && options.toPull !== true) return 'it is a pull request ([PULL])';
  if (!isReviewable(mail) && options.patchless !== true) return 'it carries no patch';
  return null;
}
