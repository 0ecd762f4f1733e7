/**
 * The raw-message rewrite for the rare second parse of a text body whose bytes are not valid
 * in its declared charset (edge 0010: cp1252 quotes in a part declared UTF-8). mailparser
 * replaces such bytes with U+FFFD and gives no access to the part's bytes, so we parse again
 * with every part declaring a byte-transparent charset, and the text that comes back holds the
 * original bytes, one per character. Only Content-Type header lines (top level and MIME
 * parts, continuation lines included) are edited, never body text.
 *
 * The label is `cp28591` (the Windows code page number of ISO-8859-1): libmime, following the
 * WHATWG Encoding Standard, reads `iso-8859-1` and `latin1` as windows-1252, which maps
 * 0x80..0x9F to other code points and five bytes to U+FFFD, so those names would lose bytes.
 */

const BYTE_CHARSET = 'cp28591';
const CONTENT_TYPE = /^content-type:[^\n]*(?:\n[ \t][^\n]*)*/gim;
const CHARSET_PARAM = /(charset\s*=\s*)("[^"]*"|[^;\s]*)/i;

/** The raw message with every Content-Type header declaring cp28591. */
export function forceByteCharset(raw: Buffer): Buffer {
  let out = raw.toString('latin1').replace(CONTENT_TYPE, (header) => {
    if (CHARSET_PARAM.test(header)) return header.replace(CHARSET_PARAM, `$1${BYTE_CHARSET}`);
    return /^content-type:\s*text\//i.test(header) ? `${header.trimEnd()}; charset=${BYTE_CHARSET}` : header;
  });
  const headerEnd = out.search(/\r?\n\r?\n/);
  const head = headerEnd === -1 ? out : out.slice(0, headerEnd);
  // No Content-Type at all (git-am style mails, edge 0037): text/plain is the default type.
  if (!/^content-type:/im.test(head)) out = `Content-Type: text/plain; charset=${BYTE_CHARSET}\n${out}`;
  return Buffer.from(out, 'latin1');
}

/** The bytes behind a string whose characters are all U+0000..U+00FF. */
export function latin1Bytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
