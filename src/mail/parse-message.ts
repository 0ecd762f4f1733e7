/**
 * One raw RFC 822 message → PatchMail. mailparser's simpleParser does the MIME work (one
 * parse per message); everything after it is plain string work on the decoded text.
 *
 * Where the patch comes from, in order: an inline diff in the text/plain body (the usual
 * `git send-email` mail), else attachments holding a diff (`text/x-patch`, `text/x-diff`,
 * `application/octet-stream`, any other text part; edge 0038). PGP-signed mails (edge 0006,
 * 0016) read the signed text part; the outer headers win over protected headers.
 *
 * Trailers: a patch's come from the last paragraph of its commit message (git's rule); a
 * follow-up without a diff of its own (`Re:` …) gives review tags anywhere in its unquoted text
 * (edge 0028, 0032), the way b4 collects them.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { PatchMail } from '../model/patch-mail.js';
import type { DiffFile } from '../model/diff.js';
import { toDiffFiles } from '../diff/parse-diff.js';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';
import { checkRawLimits } from '../limits/raw-limits.js';
import { charsetWarnings, declaredCharsets } from './declared-charsets.js';
import { decodeMixedLines } from './decode-text.js';
import { forceByteCharset, latin1Bytes } from './reparse.js';
import { headerFields } from './header-fields.js';
import { findPatchAttachments } from './patch-attachments.js';
import { splitBodyScanned, type BodyParts } from './split-body.js';
import { parseReplyTrailers, parseTrailers } from './trailers.js';

/** mailparser work we never use is switched off: the benchmark compares against bare mailparser. */
const PARSER_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
} as const;

/** A header field name (RFC 5322 ftext: printable ASCII except ':') followed by ':'. */
const HEADER_FIELD = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/**
 * Rejects input that has no header section, so garbage is reported as unparsed instead of
 * becoming an empty "mail". Looks at the first line only (after an mbox `From ` line).
 */
export function assertLooksLikeMail(raw: Buffer, source: string): void {
  const head = raw.toString('latin1', 0, Math.min(raw.length, 4096)).replace(/^\s+/, '');
  if (head === '') throw new Error(`${source}: not a mail message: the input is empty`);
  const lines = head.split(/\r?\n/, 2);
  const first = lines[0]?.startsWith('From ') === true ? (lines[1] ?? '') : (lines[0] ?? '');
  if (!HEADER_FIELD.test(first)) {
    throw new Error(`${source}: not a mail message: no header section (first line "${first.slice(0, 60)}")`);
  }
}

/**
 * The decoded text/plain body. When mailparser had to replace invalid bytes (edge 0010:
 * cp1252 quotes in a part declared UTF-8), the message is parsed once more with the bytes
 * kept and each line decoded as UTF-8 or windows-1252.
 */
async function bodyText(raw: Buffer, parsed: ParsedMail, warnings: string[]): Promise<string> {
  const text = parsed.text ?? '';
  if (!text.includes('\uFFFD')) return text;
  const bytes = latin1Bytes((await simpleParser(forceByteCharset(raw), PARSER_OPTIONS)).text ?? '');
  const fixed = decodeMixedLines(bytes);
  // A literal U+FFFD sent as valid UTF-8 survives the second pass unchanged: no warning then.
  if (fixed !== text) warnings.push('text body has bytes invalid in its charset; lines read as UTF-8 or windows-1252');
  return fixed;
}

/** Body parts and diff: the inline diff if any, else the attachment diff(s). */
function patchParts(
  text: string,
  parsed: ParsedMail,
  warnings: string[],
  diffModel: boolean,
  limits: Limits,
): { parts: BodyParts; diff: DiffFile[] } {
  const inline = splitBodyScanned(text);
  if (inline.scan !== null) {
    return { parts: inline.parts, diff: diffModel ? toDiffFiles(inline.scan, warnings, limits) : [] };
  }
  const found = findPatchAttachments(parsed.attachments, warnings);
  const first = found[0];
  if (first === undefined) return { parts: inline.parts, diff: [] };
  warnings.push(`diff taken from ${found.map((f) => `"${f.name}"`).join(', ')}`);
  // With no text body at all (edge 0038), the attachment is the whole patch mail body.
  const prose = text.trim() === '' ? first.parts : inline.parts;
  const parts: BodyParts = {
    commitMessage: prose.commitMessage,
    notes: prose.notes,
    diffText: found.map((f) => f.parts.diffText).join(''),
    // The diff is not in the body, so there is no body line to point at.
    diffBodyLine: null,
  };
  return { parts, diff: diffModel ? found.flatMap((f) => toDiffFiles(f.scan, warnings, limits)) : [] };
}

/** Options of {@link parseMessage}. */
export interface ParseMessageOptions {
  /** Build the diff model (`PatchMail.diff`). @defaultValue true */
  readonly diffModel?: boolean;
  /** Size limits (refused past them) and diff limits (reviewed partially). @defaultValue DEFAULT_LIMITS */
  readonly limits?: Limits;
}

/**
 * Parses one raw message. `source` names it in errors and in the result ('a.mbox#12').
 * Throws when the input is not a mail at all (empty, or no header section) or is past a size
 * limit (LimitError, before mailparser sees it); everything
 * odd but readable (bogus charset, invalid bytes, no Message-ID, bad Date, truncated hunk,
 * diff found in an attachment) is parsed and noted in `warnings`. `diffBodyLine` is null when
 * the diff came from an attachment, since it is then not in the body.
 *
 * With `diffModel: false` the diff is found and cut (`diffText`) but not turned into the diff
 * model (`diff` stays empty): the checker does that only for the few mails a rule can fire on.
 */
export async function parseMessage(raw: Buffer, source: string, options: ParseMessageOptions = {}): Promise<PatchMail> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  checkRawLimits(raw, source, limits);
  assertLooksLikeMail(raw, source);
  const parsed = await simpleParser(raw, PARSER_OPTIONS);
  const warnings = charsetWarnings(declaredCharsets(raw));
  const headers = headerFields(parsed, warnings);

  const { parts, diff } = patchParts(
    await bodyText(raw, parsed, warnings),
    parsed,
    warnings,
    options.diffModel ?? true,
    limits,
  );
  // A follow-up without a patch of its own carries review tags anywhere in its text.
  const followUp = headers.subject.isReply && parts.diffText === null;
  return {
    source,
    ...headers,
    commitMessage: parts.commitMessage,
    trailers: followUp ? parseReplyTrailers(parts.commitMessage) : parseTrailers(parts.commitMessage),
    notes: parts.notes,
    diffText: parts.diffText,
    diffBodyLine: parts.diffBodyLine,
    diff,
    warnings,
  };
}
