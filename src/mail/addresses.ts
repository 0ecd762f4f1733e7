/**
 * mailparser address objects → our Address list. Groups are flattened to their members;
 * entries without an address are dropped (edge 0036: `To: unlisted-recipients:; (no
 * To-header on input)` yields a group with no members plus a name-only entry).
 */
import type { AddressObject, EmailAddress } from 'mailparser';
import type { Address } from '../model/patch-mail.js';

function collect(entries: readonly EmailAddress[], out: Address[]): void {
  for (const e of entries) {
    if (e.group !== undefined) collect(e.group, out);
    else if (e.address !== undefined && e.address !== '') out.push({ name: e.name, address: e.address });
  }
}

/** Every mailbox in a parsed address header (one object, or an array for repeated headers). */
export function toAddresses(header: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  if (header === undefined) return out;
  for (const h of Array.isArray(header) ? header : [header]) collect(h.value, out);
  return out;
}
