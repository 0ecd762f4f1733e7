/**
 * Whether a mail carries a diff of its own (ParsedItem.hasDiff: the whole parse's
 * `diffText !== null`), decided from the raw bytes for the mails that skip the whole parse.
 *
 * - No line of any view (src/pipeline/raw-views.ts) starts like a diff (`diff --git `, `--- `,
 *   `Index: `, the first lines findDiffStart looks for): no diff, whatever the MIME structure.
 * - Otherwise only a single-part text/plain mail (the `git send-email` form) is decided here:
 *   its body is decoded as mailsplit decodes it (transfer encoding, then format=flowed) and
 *   read the way findDiffStart reads it, as parseMessage reads the text body, or, for a part sent as an
 *   attachment, as findPatchAttachments reads one. Anything else (multipart, other types,
 *   charsets that are not plain ASCII supersets) is left to the whole parse: null.
 */
import libbase64 from 'libbase64';
import libmime from 'libmime';
import libqp from 'libqp';
import { mayHoldDiff } from '../mail/patch-attachments.js';
import type { RawMail } from '../mail/raw-mail.js';
import type { RawViews } from './raw-views.js';

const STARTS = ['diff --git ', '--- ', 'Index: '];

/**
 * findDiffStart(lines) !== -1 without splitting the text: a line (after `\n`, CR-stripped lines
 * being what findDiffStart reads) starting `diff --git `, or `--- ` over `+++ ` over `@@ `, or
 * `Index: ` over `====`. A lone CR starts no line there, so `^` with the m flag would not do.
 */
const DIFF_START = /(?:^|\n)(?:diff --git |--- [^\n]*\n\+\+\+ [^\n]*\n@@ |Index: [^\n]*\n====)/;

/** Does a line of `text` start like a diff? */
function hasDiffStartLine(text: string): boolean {
  return STARTS.some((s) => text.startsWith(s) || text.includes(`\n${s}`));
}

/** Charsets whose bytes may not decode line by line as ASCII (escape-sequence state). */
const STATEFUL_CHARSET = /^(?:cs)?(?:iso2022|hz|utf7)/;

/** The root part as mailsplit's MimeNode reads its headers (parseHeaders), or null when unsure. */
function rootPart(
  headers: RawMail['headers'],
): { type: string; attachment: boolean; encoding: string; charset: string; flowed: boolean; delSp: boolean } | null {
  const disposition = libmime.parseHeaderValue(headers.getFirst('Content-Disposition'), { stripComments: true });
  // mailsplit picks a type from an attachment's file name when there is no Content-Type.
  if (
    headers.get('Content-Type').length === 0 &&
    (disposition.params.filename !== undefined || /^attachment$/i.test(disposition.value))
  )
    return null;
  const contentType = libmime.parseHeaderValue(
    headers.get('Content-Type').length > 0 ? headers.getFirst('Content-Type') : 'text/plain',
    { stripComments: true },
  );
  const cte = headers.getFirst('Content-Transfer-Encoding');
  if (cte.includes('(')) return null; // mailsplit strips comments its own way
  const charset = (contentType.params.charset ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (STATEFUL_CHARSET.test(charset)) return null;
  const type = contentType.value.toLowerCase().trim();
  const format = (contentType.params.format ?? '').toLowerCase().trim();
  const dispositionValue = disposition.value.toLowerCase().trim();
  if (dispositionValue.includes('=?')) return null; // mailsplit decodes encoded words in it
  return {
    type,
    // mailparser: a text part is inline only with no disposition or `inline`.
    attachment: dispositionValue !== '' && dispositionValue !== 'inline',
    encoding: cte.toLowerCase().trim(),
    charset,
    flowed: type === 'text/plain' && format === 'flowed',
    delSp: (contentType.params.delsp ?? '').toLowerCase().trim() === 'yes',
  };
}

/** The body of a single text/plain mail as mailparser's text (or attachment) bytes, latin1. */
function decodedBody(body: Buffer, part: { encoding: string; flowed: boolean; delSp: boolean }): string {
  let bytes = body;
  if (part.encoding === 'base64') bytes = libbase64.decode(body.toString('latin1').replace(/[^a-zA-Z0-9+/=]/g, ''));
  else if (part.encoding === 'quoted-printable') bytes = libqp.decode(body);
  const text = bytes.toString('latin1');
  return part.flowed ? libmime.decodeFlowed(text, part.delSp) : text;
}

/** hasDiff without the whole parse, or null when only the whole parse can tell. */
export function rawHasDiff(mail: RawMail, views: RawViews): boolean | null {
  if (!views.bodies.some(hasDiffStartLine)) return false;
  const part = rootPart(mail.headers);
  if (part?.type !== 'text/plain') return null;
  // mailparser unwraps format=flowed in inline text only, never in an attachment's content.
  const text = decodedBody(mail.raw.subarray(mail.bodyStart), { ...part, flowed: part.flowed && !part.attachment });
  if (part.attachment && !mayHoldDiff(Buffer.from(text, 'latin1'))) return false;
  return DIFF_START.test(text);
}
