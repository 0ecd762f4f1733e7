import type { Address, PatchMail } from '../model/patch-mail.js';

/**
 * Whom a reply goes to, per list: `all` is kernel and QEMU etiquette (reply-all: To the
 * author, Cc everyone the mail went to and the list), `list` To the author and Cc the list
 * only, `author` the author alone.
 */
export const REPLY_TO = ['all', 'author', 'list'] as const;
export type ReplyTo = (typeof REPLY_TO)[number];

/**
 * To and Cc of a reply to `mail`: To the author; Cc per `replyTo`. Never the bot itself,
 * each address once (case-insensitive, first spelling kept), and nobody in Cc who is in To.
 */
export function replyRecipients(
  mail: PatchMail,
  me: { readonly from: Address; readonly list: Address | null; readonly replyTo?: ReplyTo | undefined },
): { to: Address[]; cc: Address[] } {
  const seen = new Set([me.from.address.toLowerCase()]);
  const take = (as: readonly Address[]): Address[] =>
    as.filter((a) => {
      const key = a.address.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const to = take(mail.from ? [mail.from] : []);
  const list = me.list ? [me.list] : [];
  const replyTo = me.replyTo ?? 'all';
  const cc = replyTo === 'author' ? [] : take(replyTo === 'all' ? [...mail.to, ...mail.cc, ...list] : list);
  return { to, cc };
}
