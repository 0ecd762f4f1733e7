import type { Address } from '../model/patch-mail.js';

/**
 * Mail text from anyone (a subject decoded from `=?utf-8?q?…=0D=0A…?=`, a display name, a
 * Message-ID) must never end or fold a header line the bot writes. nodemailer already turns CR
 * and LF into spaces, but leaves NUL, the other C0/C1 controls and the Unicode line separators
 * alone, and keeps a Message-ID or address containing spaces as a malformed one. These make each
 * value one clean line before any composer sees it.
 */

/** C0 and C1 controls, DEL, and the Unicode line/paragraph separators (U+2028, U+2029). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Display text (subject, name) as one line: every run of control characters becomes a space. */
export function headerText(text: string): string {
  return text.replace(CONTROLS, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * A Message-ID or address as one token: controls, whitespace and angle brackets removed, since
 * none can be part of an RFC 5322 msg-id or of an address we write (`<` `>` would end the id).
 */
export function headerToken(token: string): string {
  return token.replace(CONTROLS, '').replace(/[\s<>]+/g, '');
}

/**
 * An address we may write (header and SMTP envelope): `local@domain` with no control,
 * whitespace, angle bracket or second `@`. A mail-derived address that is not one
 * (`a@b\r\nRCPT TO:<x@evil>`) is dropped, not repaired: its repair would be a stranger's address.
 */
export function isWritableAddress(address: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return /^[^\s<>@\u0000-\u001f\u007f-\u009f\u2028\u2029]+@[^\s<>@\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/.test(
    address,
  );
}

/** The addresses we may write, each with its display name on one line. */
export function headerAddresses(list: readonly Address[]): { name: string; address: string }[] {
  return list
    .filter((a) => isWritableAddress(a.address))
    .map((a) => ({ name: headerText(a.name), address: a.address }));
}

/** A header field name as RFC 5322 3.6.8 allows it: printable ASCII except ':' and space. */
export function isHeaderName(name: string): boolean {
  return /^[!-9;-~]+$/.test(name);
}
