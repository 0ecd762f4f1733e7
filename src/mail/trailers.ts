/**
 * Commit-message trailers (`Key: value` lines in the last paragraph), following the block
 * rules of git-interpret-trailers(1): a paragraph is a trailer block when every line is a
 * trailer (or the continuation of one), or when it holds a git-generated `Signed-off-by`
 * and at least 25% of its lines are trailers (maintainer notes such as `[jane: fixed typo]`).
 *
 * Forms seen: `Signed-off-by:`, `Reviewed-by:`, odd case `Reviewed-By:` / `tESTed-bY:`
 * (edge 0002), `Fixes: <sha> ("title")`, `Cc: stable@vger.kernel.org # 5.10`, `Link:`,
 * `Message-Id:`, `Based-on: <msgid>` (edge 0027), `Supersedes:`, non-ASCII names
 * (`Philippe Mathieu-Daudé`, edge 0028), values folded onto indented continuation lines.
 */
import type { Trailer } from '../model/patch-mail.js';

/** Token as git accepts it: letters, digits and '-', then ':' and the value. */
const TRAILER_LINE = /^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*)$/;

/** Keys whose conventional spelling is not "first letter upper, rest lower". */
const CANONICAL: Readonly<Record<string, string>> = {
  'message-id': 'Message-Id',
  cve: 'CVE',
};

/** `Reviewed-By` / `tESTed-bY` / `CC` → `Reviewed-by` / `Tested-by` / `Cc`. */
export function canonicalTrailerKey(key: string): string {
  const lower = key.toLowerCase();
  return CANONICAL[lower] ?? lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** A URL or `Note: //…` is not a trailer even though it has a token and a colon. */
function matchTrailer(line: string): RegExpExecArray | null {
  const m = TRAILER_LINE.exec(line);
  return m !== null && !(m[2] ?? '').startsWith('//') ? m : null;
}

/** The lines of the last non-empty paragraph of `text`. */
function lastParagraph(text: string): string[] {
  const lines = text.split(/\r?\n/);
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  let start = end;
  while (start > 0 && (lines[start - 1] ?? '').trim() !== '') start--;
  return lines.slice(start, end);
}

/**
 * Trailers of a commit message, in order, keys canonicalised, continuation lines joined with
 * one space. Returns [] when the last paragraph is prose rather than a trailer block.
 */
export function parseTrailers(commitMessage: string): Trailer[] {
  const out: { key: string; value: string }[] = [];
  let other = 0;
  let trailerLines = 0;
  let signedOff = false;
  for (const line of lastParagraph(commitMessage)) {
    const last = out.at(-1);
    if (/^[ \t]/.test(line) && last !== undefined) {
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const m = matchTrailer(line);
    if (m === null) {
      other++;
      continue;
    }
    const key = canonicalTrailerKey(m[1] ?? '');
    signedOff ||= key === 'Signed-off-by';
    trailerLines++;
    out.push({ key, value: (m[2] ?? '').trim() });
  }
  const isBlock = trailerLines > 0 && (other === 0 || (signedOff && trailerLines * 4 >= trailerLines + other));
  return isBlock ? out : [];
}

/** Trailer keys a reviewer gives in a follow-up: `*-by`, and the few that link patches. */
const REPLY_KEY = /^(?:[A-Za-z]+(?:-[A-Za-z]+)*-by|Fixes|Link|Closes|Based-on|Supersedes)$/i;
/** Outlook-style full quote below a top-posted reply: what follows is someone else's text. */
const ORIGINAL_MESSAGE = /^-{2,}\s*Original Message\s*-{2,}\s*$/i;

/**
 * Trailers a follow-up mail gives anywhere in its own (unquoted) text, the way b4 collects
 * them: reviewers put `Reviewed-by:` between quoted hunks (edge 0028) or above more quoted
 * text, and `Supersedes: <id>` in a reply (edge 0032). Only review and linking keys count,
 * so prose such as `Note: …` is not taken; quoted (`>`) and indented lines are skipped.
 */
export function parseReplyTrailers(body: string): Trailer[] {
  const out: Trailer[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (ORIGINAL_MESSAGE.test(line)) break;
    const m = matchTrailer(line);
    const value = (m?.[2] ?? '').trim();
    if (m?.[1] !== undefined && value !== '' && REPLY_KEY.test(m[1])) {
      out.push({ key: canonicalTrailerKey(m[1]), value });
    }
  }
  return out;
}
