/**
 * A raw message read once for the checks that skip the MIME parse: its latin1 text, where its
 * body starts and its header lines, cut and split exactly as mailsplit (mailparser's splitter)
 * cuts and splits the root node's header block.
 */
import mailsplit from '@zone-eu/mailsplit';

export interface RawMail {
  readonly raw: Buffer;
  /** The bytes as latin1: one character per byte. */
  readonly text: string;
  /** Offset of the body: just after the empty line that ends the header block. */
  readonly bodyStart: number;
  /** The header block as mailsplit's Headers (lines unfolded to `\r\n`-joined entries). */
  readonly headers: InstanceType<typeof mailsplit.Headers>;
}

/**
 * Where the header block ends: after the first line that is empty (`\n` or `\r\n`), as mailsplit's
 * MimeNode decides; the whole message when there is none.
 */
export function headerBlockEnd(raw: Buffer): number {
  let start = 0;
  while (start < raw.length) {
    const nl = raw.indexOf(0x0a, start);
    if (nl === -1) return raw.length;
    if (nl === start || (nl === start + 1 && raw[start] === 0x0d)) return nl + 1;
    start = nl + 1;
  }
  return raw.length;
}

export function readRawMail(raw: Buffer): RawMail {
  const bodyStart = headerBlockEnd(raw);
  return { raw, text: raw.toString('latin1'), bodyStart, headers: new mailsplit.Headers(raw.subarray(0, bodyStart)) };
}
