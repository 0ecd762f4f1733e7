import type { PatchMail } from '../model/patch-mail.js';

/**
 * Relays that replace the Message-ID on the way out. Amazon SES (Amazon WorkMail, nvdimm:
 * John Groves' famfs series, 178 mails) issues `<…@email.amazonses.com>` and appends the
 * sender's original id as the last References entry; patches sent in the same run keep
 * pointing at the cover's original id, so without the alias a cover loses its patches.
 */
const REWRITING_RELAY = /@email\.amazonses\.com$/i;

/**
 * Every id that names this mail: its Message-ID, plus, for a mail re-stamped by a rewriting
 * relay (see {@link REWRITING_RELAY}), the sender's original id (the last References entry,
 * when that is not the In-Reply-To).
 */
export function ownIdsOf(mail: PatchMail): string[] {
  const id = mail.messageId;
  if (id === null) return [];
  const last = mail.references.at(-1);
  if (REWRITING_RELAY.test(id) && last !== undefined && last !== mail.inReplyTo && last !== id) return [id, last];
  return [id];
}
