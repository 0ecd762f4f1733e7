/**
 * The charset labels a message's MIME headers declare, found with a native byte search so
 * that the common case costs next to nothing. Used only to warn about labels nobody can
 * decode (edge 0007: `Content-Type: text/plain; charset=y`), which mailparser silently reads
 * as UTF-8 and does not report.
 */
import { isKnownCharset } from './decode-text.js';

const NEEDLE = Buffer.from('charset=');
const LABEL = /^"?([^";\s]*)/;

/** True when the line holding `pos` is a Content-Type header or an indented continuation. */
function inContentTypeHeader(raw: Buffer, pos: number): boolean {
  let start = pos;
  while (start > 0 && raw[start - 1] !== 0x0a) start--;
  const head = raw.toString('latin1', start, pos);
  // A continuation line holds only parameters before `charset=` (`\tformat=flowed; charset=y`).
  return /^content-type:/i.test(head) || /^[ \t]+(?:[\w-]+=("[^"]*"|[^;\s]*);\s*)*$/.test(head);
}

/** The warnings for declared labels nobody can decode. */
export function charsetWarnings(labels: readonly string[]): string[] {
  return labels
    .filter((label) => !isKnownCharset(label))
    .map((label) => `unknown charset "${label}" declared; read as UTF-8`);
}

/** Distinct charset labels declared in Content-Type headers, lower-cased. */
export function declaredCharsets(raw: Buffer): string[] {
  const found = new Set<string>();
  for (let i = raw.indexOf(NEEDLE); i !== -1; i = raw.indexOf(NEEDLE, i + NEEDLE.length)) {
    if (!inContentTypeHeader(raw, i)) continue;
    const rest = raw.toString('latin1', i + NEEDLE.length, Math.min(raw.length, i + NEEDLE.length + 64));
    const label = LABEL.exec(rest)?.[1];
    if (label !== undefined && label !== '') found.add(label.toLowerCase());
  }
  return [...found];
}
