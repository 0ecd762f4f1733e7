/**
 * The texts a raw message can show once mailparser has decoded it, as latin1 strings, so that
 * an ASCII string (a rule trigger, a diff marker) occurring in the decoded mail occurs in one of
 * them. Made without a MIME parse: the transfer encodings are undone over the whole body rather
 * than part by part, which gives a superset of what each part decodes to:
 *
 * - the raw body, after the header block (7bit and 8bit parts in any ASCII-compatible charset);
 * - quoted-printable decoded over the whole body (libqp, as mailsplit decodes a part: its soft
 *   line breaks and trailing-blank rule are line-local, and a part starts after a blank line);
 * - every base64 body: from a Content-Transfer-Encoding header naming base64, after the blank
 *   line that ends its header block, to the next boundary line (or the end), decoded by libbase64;
 * - with format=flowed anywhere, each of those unwrapped by libmime's decodeFlowed (delsp=no and
 *   delsp=yes), which joins soft-broken lines and drops space-stuffing as mailparser does;
 * - the Subject, and the header fields of an attached message that mailparser writes into the
 *   text, unfolded as libmime's decodeHeader unfolds them, and those holding RFC 2047 words
 *   decoded by libmime's decodeWords.
 *
 * Null when no such superset can be promised: a charset that does not spell ASCII as ASCII
 * (UTF-16, UTF-32, UTF-7), or a base64 body ended by a `--` line that is no known boundary.
 */
import libbase64 from 'libbase64';
import libmime from 'libmime';
import libqp from 'libqp';
import type { RawMail } from '../mail/raw-mail.js';

export interface RawViews {
  /** Body texts (after the message's header block): raw, transfer-decoded and unwrapped. */
  readonly bodies: readonly string[];
  /** The header fields a text can show: unfolded, and RFC 2047 words decoded. */
  readonly headers: readonly string[];
}

/** Charset labels (lower case, letters and digits only) whose bytes do not spell ASCII text as ASCII. */
const NON_ASCII_CHARSET = /^(?:cs)?(?:utf(?:16|32|7)|ucs(?:2|4)|unicode|iso10646)/;

/** Is every declared charset one in which ASCII text is ASCII bytes? */
export function asciiCompatible(charsets: readonly string[]): boolean {
  return charsets.every((label) => !NON_ASCII_CHARSET.test(label.replace(/[^a-z0-9]/g, '')));
}

/**
 * The words that call for a view, found in one case-insensitive pass (mailsplit lower-cases
 * the values it compares). `charset*` (RFC 2231) is a charset declaredCharsets does not read.
 */
const NEEDS = /printable|base64|flowed|rfc822|charset\*/gi;

/**
 * Where those words can matter: the MIME headers. A message whose own type is neither multipart
 * nor message/* has only its own header block (mailsplit parses no part headers in its body),
 * and of that only the Content-Type and Content-Transfer-Encoding lines; otherwise (or with no
 * Content-Type at all) the whole text.
 */
function needsOf(mail: RawMail): Set<string> {
  const own = mail.headers
    .getList()
    .filter((h) => h.key === 'content-type' || h.key === 'content-transfer-encoding')
    .map((h) => h.line);
  const types = own.filter((l) => /^content-type/i.test(l));
  // No Content-Type: mailsplit may take a type from an attachment's file name (`.eml`).
  const single = types.length > 0 && !types.some((l) => /multipart|message/i.test(l));
  const where = single ? own : [mail.text];
  return new Set(where.flatMap((t) => [...t.matchAll(NEEDS)].map((m) => m[0].toLowerCase())));
}

const CTE_HEADER = /^content-transfer-encoding[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)/gim;
const BOUNDARY = /boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))/gi;

/** Every boundary a Content-Type header may declare, as the delimiter line starts (`--b`). */
function delimiters(text: string): string[] {
  return [...text.matchAll(BOUNDARY)].map((m) => `--${m[1] ?? m[2] ?? ''}`);
}

/** Index after the empty line ending the header block that contains `from`, or -1. */
function blockEnd(text: string, from: number): number {
  const re = /\n\r?\n/g;
  re.lastIndex = from;
  const m = re.exec(text);
  return m === null ? -1 : m.index + m[0].length;
}

/**
 * The base64 bodies, decoded (latin1), or null when a body is ended by a `--` line that is not
 * exactly a known delimiter: mailsplit might read on past it, and what it decodes is then unknown.
 */
function base64Bodies(text: string): string[] | null {
  const out: string[] = [];
  let known: string[] | null = null;
  for (const m of text.matchAll(CTE_HEADER)) {
    if (!/base64/i.test(m[1] ?? '')) continue;
    const start = blockEnd(text, m.index);
    if (start === -1) continue;
    known ??= delimiters(text);
    // The first line starting with `--` (after a stray CR, as mailsplit reads one) ends the body.
    const lf = text.indexOf('\n--', start - 1);
    const crlf = text.indexOf('\n\r--', start - 1);
    const at = lf === -1 ? crlf : crlf === -1 ? lf : Math.min(lf, crlf);
    const end = at === -1 ? text.length : at + 1;
    if (at !== -1) {
      const nl = text.indexOf('\n', end);
      const line = text
        .slice(end, nl === -1 ? text.length : nl)
        .replace(/^\r/, '')
        .replace(/\r+$/, '');
      if (!known.some((d) => line === d || line === `${d}--`)) return null;
    }
    // libbase64's Decoder drops every other character before decoding, as here.
    out.push(libbase64.decode(text.slice(start, end).replace(/[^a-zA-Z0-9+/=]/g, '')).toString('latin1'));
  }
  return out;
}

/** The fields mailparser shows for an attached message, with their continuation lines. */
const SHOWN_FIELD = /^(?:subject|from|to|cc|bcc)[ \t]*:[^\n]*(?:\n[ \t][^\n]*)*/gim;

/** decodeHeader's unfolding: a line break (`\r?\n` or `\r`) and the blanks after it → one space. */
const unfold = (field: string): string => field.replace(/\r?\n[ \t]*|\r[ \t]*/g, ' ');

/** The lines holding encoded words, decoded the way mailparser decodes a Subject. */
function decodedWords(fields: readonly string[]): string[] {
  const out: string[] = [];
  for (const field of fields) {
    if (!field.includes('=?')) continue;
    let decoded: string;
    try {
      decoded = libmime.decodeWords(Buffer.from(field, 'latin1').toString());
    } catch {
      continue; // mailparser keeps the value as is then: the undecoded field has it
    }
    // parseSubject's unfolding, for a word that decodes to a line break.
    out.push(decoded, decoded.replace(/\r?\n(?=[ \t])/g, ''));
  }
  return out;
}

/**
 * The views of a message, or null when an ASCII string in the decoded mail may be in none of
 * them. `charsets`: the labels its Content-Type headers declare (declaredCharsets).
 */
export function rawViews(mail: RawMail, charsets: readonly string[]): RawViews | null {
  if (!asciiCompatible(charsets)) return null;
  const { text, bodyStart } = mail;
  const needs = needsOf(mail);
  if (needs.has('charset*')) return null;
  const bodies = [text.slice(bodyStart)];
  if (needs.has('printable')) bodies.push(libqp.decode(mail.raw.subarray(bodyStart)).toString('latin1'));
  if (needs.has('base64')) {
    const decoded = base64Bodies(text);
    if (decoded === null) return null;
    bodies.push(...decoded);
  }
  if (needs.has('flowed')) {
    for (const b of bodies.splice(0)) bodies.push(b, libmime.decodeFlowed(b, false), libmime.decodeFlowed(b, true));
  }
  // The message's own Subject as mailsplit split it; an attached message's fields (in the text
  // only through message/rfc822 parts) wherever a body shows one.
  const fields = mail.headers
    .getList()
    .filter((h) => h.key === 'subject')
    .map((h) => h.line);
  if (needs.has('rfc822')) for (const b of bodies) for (const m of b.matchAll(SHOWN_FIELD)) fields.push(m[0]);
  const unfolded = fields.map(unfold);
  return { bodies, headers: [...unfolded, ...decodedWords(unfolded)] };
}
