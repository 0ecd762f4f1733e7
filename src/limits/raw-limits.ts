import { LimitError, type Limits } from './limits.js';

/** Bytes of the header block: up to the first empty line (LF or CRLF), or the whole input. */
function headerBytes(raw: Buffer, max: number): number {
  // Searching only a little past the limit keeps this cheap on a huge body.
  const window = raw.subarray(0, Math.min(raw.length, max + 4));
  const lf = window.indexOf('\n\n');
  const crlf = window.indexOf('\r\n\r\n');
  const ends = [lf, crlf].filter((i) => i !== -1);
  return ends.length === 0 ? raw.length : Math.min(...ends);
}

const BOUNDARY = /boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))/gi;

/** Distinct boundaries declared and delimiter lines (`--boundary`) seen: a cheap MIME census. */
function mimeCensus(text: string): { boundaries: number; parts: number } {
  const declared = new Set<string>();
  for (const m of text.matchAll(BOUNDARY)) declared.add(m[1] ?? m[2] ?? '');
  if (declared.size === 0) return { boundaries: 0, parts: 0 };
  let parts = 0;
  for (let i = text.indexOf('\n--'); i !== -1; i = text.indexOf('\n--', i + 3)) {
    const end = text.indexOf('\n', i + 3);
    const line = text
      .slice(i + 3, end === -1 ? text.length : end)
      .replace(/\r$/, '')
      .replace(/--$/, '');
    if (declared.has(line)) parts++;
  }
  return { boundaries: declared.size, parts };
}

/**
 * Refuses a raw message past the size limits before it reaches mailparser, whose heap use is
 * a multiple of the input: raw size, header block size, MIME nesting and part count. `text`: the
 * bytes as latin1, when the caller has them already.
 */
export function checkRawLimits(
  raw: Buffer,
  source: string,
  limits: Limits,
  text: string = raw.toString('latin1'),
): void {
  if (raw.length > limits.messageBytes) throw new LimitError(source, 'messageBytes', raw.length, limits.messageBytes);
  const header = headerBytes(raw, limits.headerBytes);
  if (header > limits.headerBytes) throw new LimitError(source, 'headerBytes', header, limits.headerBytes);
  const { boundaries, parts } = mimeCensus(text);
  if (boundaries > limits.mimeDepth) throw new LimitError(source, 'mimeDepth', boundaries, limits.mimeDepth);
  if (parts > limits.mimeParts) throw new LimitError(source, 'mimeParts', parts, limits.mimeParts);
}
