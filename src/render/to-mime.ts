import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailReply } from './email-reply.js';
import { headerAddresses, headerText, headerToken, isHeaderName } from './header-safe.js';

/** Options for {@link toMime}. */
export interface ToMimeOptions {
  /**
   * The Date header. Only the Message-ID identifies a reply, so the date may differ between a
   * first send and a retry; tests pin it to compare bytes.
   * @defaultValue the current time
   */
  readonly date?: Date;
}

/** RFC 5322 section 2.1.1: a line MUST be no more than 998 characters, excluding the CRLF. */
const MAX_LINE_OCTETS = 998;
const HEADER_END = Buffer.from('\r\n\r\n');

/** `id` with exactly one pair of angle brackets (EmailReply keeps ids bare, like PatchMail). */
export function angleId(id: string): string {
  return `<${headerToken(id)}>`;
}

/**
 * The reply's extra headers, each name valid and each value one line. Both bot headers are set
 * from the reply itself too, so a reply whose `headers` map lost them still carries them: RFC
 * 3834 loop prevention and send de-duplication depend on them.
 */
function extraHeaders(reply: EmailReply): Record<string, string> {
  const all: Record<string, string> = {
    ...reply.headers,
    'Auto-Submitted': reply.headers['Auto-Submitted'] ?? 'auto-generated',
    'X-Dax-Review-Fingerprint': reply.fingerprint,
  };
  return Object.fromEntries(
    Object.entries(all)
      .filter(([name]) => isHeaderName(name))
      .map(([name, value]) => [name, headerText(value)]),
  );
}

/** The body as CRLF lines when it can go out unencoded (7bit/8bit), else null. */
function unencodedBody(text: string): { bytes: Buffer; cte: '7bit' | '8bit' } | null {
  // A bare CR or a NUL cannot travel unencoded (RFC 5322 2.3, RFC 2045 2.7/2.8).
  if (/[\0\r]/.test(text)) return null;
  const lines = text.split('\n');
  if (lines.some((l) => Buffer.byteLength(l) > MAX_LINE_OCTETS)) return null;
  const joined = lines.join('\r\n');
  const body = joined.endsWith('\r\n') ? joined : `${joined}\r\n`;
  // eslint-disable-next-line no-control-regex -- the test is exactly "anything outside US-ASCII"
  return { bytes: Buffer.from(body, 'utf8'), cte: /[^\x00-\x7f]/.test(text) ? '8bit' : '7bit' };
}

/**
 * Turns a rendered reply into the RFC 822 bytes that go on the wire (and into the outbox).
 *
 * One text/plain part in UTF-8, without `format=flowed`: a flowed-aware reader would rejoin the
 * quoted diff lines, and the reply is already wrapped at 72 columns. MailComposer writes the
 * headers (RFC 2047 for names and subject, folding, ids in angle brackets). Its body encoding is
 * replaced: nodemailer only knows 7bit (ASCII lines under 77 characters), quoted-printable and
 * base64 for text, and its quoted-printable breaks even 72-column lines with `=` soft breaks,
 * which makes the quoted code unreadable in the raw archive (lore) and in mutt's pager source.
 * Like `git send-email`, the body therefore goes out as is, 7bit or 8bit (every SMTP server of
 * the lists announces 8BITMIME); only a body that cannot (a line over 998 octets, a bare CR)
 * keeps nodemailer's quoted-printable. Either way it decodes to exactly `reply.text`.
 */
export async function toMime(reply: EmailReply, options: ToMimeOptions = {}): Promise<Buffer> {
  const composer = new MailComposer({
    // Mail-derived values one line each (header-safe.ts): nothing from a mail can add a header.
    from: headerAddresses([reply.from])[0] ?? '',
    to: headerAddresses(reply.to),
    cc: headerAddresses(reply.cc),
    subject: headerText(reply.subject),
    messageId: angleId(reply.messageId),
    inReplyTo: angleId(reply.inReplyTo),
    references: reply.references.map(angleId),
    date: options.date ?? new Date(),
    // Both bot headers are set from the reply itself too, so a reply whose `headers` map lost
    // them still carries them: RFC 3834 loop prevention and send de-duplication depend on them.
    headers: extraHeaders(reply),
    text: reply.text,
    textEncoding: 'quoted-printable',
    newline: 'win',
    xMailer: false,
  });
  const composed = await composer.compile().build();
  const body = unencodedBody(reply.text);
  const end = composed.indexOf(HEADER_END);
  if (body === null || end === -1) return composed;
  const cte = `Content-Transfer-Encoding: ${body.cte}`;
  const composedHeaders = composed.subarray(0, end).toString('latin1');
  const headers = /^Content-Transfer-Encoding:/im.test(composedHeaders)
    ? composedHeaders.replace(/^Content-Transfer-Encoding:.*$/im, cte)
    : `${composedHeaders}\r\n${cte}`;
  return Buffer.concat([Buffer.from(`${headers}\r\n\r\n`, 'latin1'), body.bytes]);
}
