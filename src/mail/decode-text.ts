/**
 * Bytes → text for mail parts whose charset may be wrong. Order: the declared charset (strict),
 * then UTF-8 (strict), then line by line UTF-8-else-windows-1252, which recovers mails that
 * mix valid UTF-8 with cp1252 quotes (edge 0010: `=91echo =93You are ^#1=94 …=92` declared
 * UTF-8). Unknown labels (edge 0007: `charset=y`) fall through to UTF-8 without throwing.
 *
 * windows-1252 maps every byte, so the last step never fails. It is decoded by hand: Node 20's
 * TextDecoder('windows-1252') takes a latin1 fast path and turns 0x80..0x9F into C1 controls
 * instead of the cp1252 quotes and dashes (nodejs/node#56542).
 */
import { TextDecoder } from 'node:util';

const decoders = new Map<string, TextDecoder | null>();

/** A strict decoder for a label, null when the runtime does not know the label. Cached. */
function strictDecoder(label: string): TextDecoder | null {
  let d = decoders.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label, { fatal: true });
    } catch {
      d = null;
    }
    decoders.set(label, d);
  }
  return d;
}

/** True when the runtime can decode this charset label. */
export function isKnownCharset(label: string): boolean {
  return strictDecoder(normaliseLabel(label)) !== null;
}

function normaliseLabel(label: string): string {
  const l = label.trim().toLowerCase();
  // Mail says us-ascii for 7-bit text; treating it as UTF-8 keeps stray 8-bit bytes readable.
  return l === 'us-ascii' || l === 'ascii' || l === '' ? 'utf-8' : l;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** cp1252 0x80..0x9F (WHATWG index-windows-1252); the five unassigned bytes map to C1 controls. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Labels the WHATWG Encoding Standard decodes as windows-1252 (mail's "iso-8859-1" included). */
const CP1252_LABELS = new Set([
  'windows-1252',
  'cp1252',
  'x-cp1252',
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'latin1',
  'l1',
  'cp819',
  'ibm819',
]);

/** windows-1252 → string; every byte maps to one character. */
export function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charAt(b - 0x80) : String.fromCharCode(b);
  return out;
}

/** Each LF-terminated line as UTF-8 when it is valid UTF-8, else as windows-1252. */
export function decodeMixedLines(bytes: Uint8Array): string {
  const parts: string[] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const line = bytes.subarray(start, end);
    try {
      parts.push(utf8.decode(line));
    } catch {
      parts.push(decodeCp1252(line));
    }
    start = end + 1;
  }
  return parts.join('\n');
}

/**
 * Decodes `bytes` declared as `charset` (undefined: none declared). Adds a warning naming
 * `what` when the label is unknown or the bytes are not valid in it.
 */
export function decodeBytes(bytes: Uint8Array, charset: string | undefined, warnings: string[], what: string): string {
  const label = normaliseLabel(charset ?? '');
  if (CP1252_LABELS.has(label)) return decodeCp1252(bytes);
  const declared = strictDecoder(label);
  if (declared === null) warnings.push(`${what}: unknown charset "${charset ?? ''}", read as UTF-8`);
  for (const d of declared === null || label === 'utf-8' ? [utf8] : [declared, utf8]) {
    try {
      return d.decode(bytes);
    } catch {
      // not valid in this charset: try the next one
    }
  }
  warnings.push(
    `${what}: bytes invalid in ${declared === null ? 'utf-8' : label}, lines read as UTF-8 or windows-1252`,
  );
  return decodeMixedLines(bytes);
}
