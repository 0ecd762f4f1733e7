/**
 * The headers-only parse: what series assembly reads of a mail no rule can fire on (the slimmed
 * PatchMail: header fields and subject, no prose, no diff), without mailparser's MIME parse of
 * the body. The header block is cut where mailsplit cuts it and read by the same code mailparser
 * runs on it (mailsplit's Headers, then MailParser's processHeaders), so every header field is
 * the whole parse's, RFC 2047 words and charsets included.
 */
import { MailParser, type HeaderLines, type Headers as ParsedHeaders } from 'mailparser';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';
import { checkRawLimits } from '../limits/raw-limits.js';
import type { PatchMail } from '../model/patch-mail.js';
import { charsetWarnings, declaredCharsets } from './declared-charsets.js';
import { headerFields, NO_BODY, type HeaderSource } from './header-fields.js';
import { assertLooksLikeMail } from './parse-message.js';
import { readRawMail, type RawMail } from './raw-mail.js';

/** MailParser's header decoding, which its typings do not show; it keeps no state between calls. */
interface HeaderProcessor {
  processHeaders(lines: HeaderLines): ParsedHeaders;
  getAddressesHTML(value: unknown): string;
  getAddressesText(value: unknown): string;
}
const processor = new MailParser() as unknown as HeaderProcessor;
// The HTML and text renderings of address lists are never read (toAddresses reads `value`), and
// the HTML escaping was a sixth of the headers' cost.
processor.getAddressesHTML = () => '';
processor.getAddressesText = () => '';

/** The headers the fields are decoded from (the rest are read raw, see header-fields.ts). */
const DECODED = ['subject', 'from', 'to', 'cc'] as const;

/**
 * Decoded values by field and raw lines. A list's mails repeat their To and Cc lines (a thread
 * keeps its Cc list), and decoding long address lists is most of the headers' cost. Values are
 * never mutated (toAddresses copies), so they can be shared.
 */
const decodedCache = new Map<string, unknown>();
const CACHE_SIZE = 4096;

/** processHeaders' value of one field, from that field's lines only (it decodes each field apart). */
function decodedField(lines: HeaderLines, key: string): unknown {
  const own = lines.filter((h) => h.key === key);
  if (own.length === 0) return undefined;
  const cacheKey = `${key}\0${own.map((h) => h.line).join('\0')}`;
  if (decodedCache.has(cacheKey)) return decodedCache.get(cacheKey);
  const value = processor.processHeaders(own).get(key);
  if (decodedCache.size >= CACHE_SIZE) decodedCache.clear();
  decodedCache.set(cacheKey, value);
  return value;
}

/** What parseMessage's mailparser result holds of the header block, read from the block alone. */
export function readHeaderBlock(mail: RawMail): HeaderSource {
  const headerLines = mail.headers.getList();
  // Only the fields read below are decoded: decoding every Received and address header (HTML
  // renderings included) costs more than the rest of the headers-only parse.
  const [subject, from, to, cc] = DECODED.map((key) => decodedField(headerLines, key));
  // simpleParser copies these from the decoded headers the same way.
  return {
    headerLines,
    subject: subject as HeaderSource['subject'],
    from: from as HeaderSource['from'],
    to: to as HeaderSource['to'],
    cc: cc as HeaderSource['cc'],
  };
}

/**
 * A PatchMail with the header fields only: equal to the slimmed whole parse (prose, trailers,
 * diff empty) in every field but `warnings`, which hold only what the headers show. Refuses what
 * parseMessage refuses before parsing (past a size limit, no header section).
 */
export function parseHeadersOnly(raw: Buffer, source: string, limits: Limits = DEFAULT_LIMITS): PatchMail {
  checkRawLimits(raw, source, limits);
  assertLooksLikeMail(raw, source);
  return headersOnlyMail(readRawMail(raw), source);
}

/** {@link parseHeadersOnly} for a message its caller has already checked. */
export function headersOnlyMail(
  mail: RawMail,
  source: string,
  charsets: readonly string[] = declaredCharsets(mail.raw),
): PatchMail {
  const warnings = charsetWarnings(charsets);
  return { source, ...headerFields(readHeaderBlock(mail), warnings), ...NO_BODY, warnings };
}
