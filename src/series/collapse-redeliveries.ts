import type { PatchMail } from '../model/patch-mail.js';

/** Positions (indexes into the input) of the mails to keep and of the redundant copies. */
export interface Redeliveries {
  /** First copy of every mail, in input order. */
  readonly kept: readonly number[];
  /** Later copies of a mail already kept, in input order. */
  readonly copies: readonly number[];
}

/**
 * The identity of a delivery. Archives hold the same mail more than once (nvdimm: 15 ids,
 * 59 messages, e.g. 22 copies of one reply that differ only in Received lines), but a
 * Message-ID alone is not an identity: `[PATCH] dt-bindings: pmem: Convert binding to YAML`
 * and its later `[RESEND PATCH v2]` reuse one id. Same id, subject, sender and Date means the
 * same mail sent once and delivered twice.
 */
function deliveryKey(mail: PatchMail): string | null {
  if (mail.messageId === null) return null;
  return JSON.stringify([mail.messageId, mail.subject.raw, mail.from?.address.toLowerCase() ?? null, mail.date]);
}

/** The same mail delivered twice (same Message-ID, subject, sender and Date), not two mails sharing an id. */
export function sameDelivery(a: PatchMail, b: PatchMail): boolean {
  const key = deliveryKey(a);
  return key !== null && key === deliveryKey(b);
}

/**
 * Collapses exact re-deliveries (see {@link deliveryKey}) to their first copy. Mails without a
 * Message-ID are never collapsed: `git format-patch` output can contain look-alikes.
 */
export function collapseRedeliveries(mails: readonly PatchMail[]): Redeliveries {
  const seen = new Set<string>();
  const kept: number[] = [];
  const copies: number[] = [];
  mails.forEach((mail, pos) => {
    const key = deliveryKey(mail);
    if (key !== null && seen.has(key)) {
      copies.push(pos);
      return;
    }
    if (key !== null) seen.add(key);
    kept.push(pos);
  });
  return { kept, copies };
}
