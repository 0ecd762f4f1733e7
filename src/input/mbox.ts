/**
 * mbox framing: split on `From ` separator lines and undo mboxrd `>From ` quoting.
 *
 * Forms seen in the corpus: public-inbox/lore mboxrd (`From mboxrd@z Thu Jan  1 00:00:00 1970`,
 * one empty line after each message), Patchew fixtures with placeholder separators (`From A`,
 * `From nobody`) or real envelopes (`From sender@host Tue Jul 25 20:36:53 2017`), CRLF files.
 * A separator is a line starting `From ` at the start of the file or after an empty line; in
 * mboxrd every body line matching `^>*From ` carries one extra `>`, so bodies never split.
 */

const NL = 0x0a;
const CR = 0x0d;
const FROM_ = Buffer.from('From ');
const NL_FROM_ = Buffer.from('\nFrom ');

/** Does this buffer begin with an mbox `From ` separator (as opposed to a bare RFC 822 message)? */
export function looksLikeMbox(head: Buffer): boolean {
  return head.subarray(0, FROM_.length).equals(FROM_);
}

/** True when the line ending just before `pos` (a line start) closes an empty line. */
function followsEmptyLine(buf: Buffer, pos: number): boolean {
  if (pos === 0) return true;
  // buf[pos-1] is '\n'; the line before it is empty if the byte before that is '\n' (or '\r\n').
  const before = buf[pos - 2];
  if (before === NL) return true;
  return before === CR && buf[pos - 3] === NL;
}

/** Finds separator line starts in `buf` from `from`; returns offsets of each `From ` line. */
export function findSeparators(buf: Buffer, from = 0): number[] {
  const out: number[] = [];
  if (from === 0 && looksLikeMbox(buf)) out.push(0);
  let i = buf.indexOf(NL_FROM_, Math.max(0, from - 1));
  while (i !== -1) {
    const lineStart = i + 1;
    if (lineStart >= from && followsEmptyLine(buf, lineStart)) out.push(lineStart);
    i = buf.indexOf(NL_FROM_, i + 1);
  }
  return out;
}

const QUOTED_FROM = /^>(>*From )/gm;
const QUOTED_FROM_BYTES = Buffer.from('>From ');

/**
 * Turns one mbox chunk (separator line included) into the raw message: drops the separator
 * line and the empty line that ends the chunk, and removes one `>` from `>From ` lines.
 */
export function unframeMessage(chunk: Buffer): Buffer {
  let start = 0;
  if (looksLikeMbox(chunk)) {
    const eol = chunk.indexOf(NL);
    start = eol === -1 ? chunk.length : eol + 1;
  }
  let end = chunk.length;
  // The framing adds one empty line after each message: drop exactly that one.
  if (end - start >= 2 && chunk[end - 1] === NL && chunk[end - 2] === NL) end -= 1;
  else if (end - start >= 4 && chunk[end - 1] === NL && chunk[end - 2] === CR && chunk[end - 3] === NL) end -= 2;
  const body = chunk.subarray(start, end);
  // A byte search first: only ~0.5% of archived messages carry a quoted From line.
  if (body.indexOf(QUOTED_FROM_BYTES) === -1) return body;
  // latin1 round-trips every byte, so unquoting never alters non-ASCII content.
  return Buffer.from(body.toString('latin1').replace(QUOTED_FROM, '$1'), 'latin1');
}

/**
 * Splits a whole buffer into raw messages. A buffer that does not start with `From ` is one
 * bare message (an .eml). For large archives use {@link splitMboxStream} instead.
 */
export function splitMbox(buf: Buffer): Buffer[] {
  if (!looksLikeMbox(buf)) return buf.length > 0 ? [buf] : [];
  const seps = findSeparators(buf);
  const out: Buffer[] = [];
  for (let k = 0; k < seps.length; k++) {
    const chunk = buf.subarray(seps[k], seps[k + 1] ?? buf.length);
    out.push(unframeMessage(chunk));
  }
  return out;
}

/**
 * Streams raw messages out of an mbox byte stream without holding the archive in memory:
 * only the message being assembled is buffered.
 */
export async function* splitMboxStream(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  let first = true;
  let bare = false;
  for await (const chunk of chunks) {
    const buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    if (first) {
      if (buf.length < FROM_.length) {
        pending = buf;
        continue;
      }
      first = false;
      bare = !looksLikeMbox(buf);
    }
    if (bare) {
      pending = buf;
      continue;
    }
    // Search only the new bytes (plus overlap for a separator straddling chunks).
    const searchFrom = Math.max(1, pending.length - NL_FROM_.length - 2);
    const seps = findSeparators(buf, searchFrom).filter((s) => s > 0);
    let last = 0;
    for (const s of seps) {
      yield unframeMessage(buf.subarray(last, s));
      last = s;
    }
    pending = last === 0 ? buf : buf.subarray(last);
  }
  if (pending.length > 0) yield bare ? pending : unframeMessage(pending);
}
