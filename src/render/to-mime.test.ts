import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { renderSampleReply } from '../../test/helpers/sample-reply.js';
import type { EmailReply } from './email-reply.js';
import { angleId, toMime } from './to-mime.js';

const DATE = new Date('2020-05-28T08:00:00Z');

/** The raw body: everything after the blank line that ends the header block. */
function rawBody(bytes: Buffer): Buffer {
  return bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  [a ?? []].flat().flatMap((o) => o.value.map((v) => ({ name: v.name, address: v.address })));

describe('toMime', () => {
  it('writes a real reply with every threading and bot header, parsed back by mailparser', async () => {
    const reply = await renderSampleReply();
    const bytes = await toMime(reply, { date: DATE });
    const mail = await simpleParser(bytes);
    expect(mail.messageId).toBe(`<${reply.messageId}>`);
    expect(mail.inReplyTo).toBe('<20200527223243.884385-3-jhubbard@nvidia.com>');
    expect(mail.references).toEqual([
      '<20200527223243.884385-1-jhubbard@nvidia.com>',
      '<20200527223243.884385-3-jhubbard@nvidia.com>',
    ]);
    expect(mail.subject).toBe(reply.subject);
    expect(addresses(mail.from)).toEqual([{ name: 'dax-review', address: 'bot@dax-review.invalid' }]);
    expect(addresses(mail.to)).toEqual([{ name: 'John Hubbard', address: 'jhubbard@nvidia.com' }]);
    expect(addresses(mail.cc)).toEqual([
      { name: 'Andrew Morton', address: 'akpm@linux-foundation.org' },
      { name: 'LKML', address: 'linux-kernel@vger.kernel.org' },
      { name: '', address: 'linux-mm@kvack.org' },
    ]);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-dax-review-fingerprint')).toBe(reply.fingerprint);
    expect(mail.date?.toISOString()).toBe(DATE.toISOString());
    expect(mail.headers.get('content-type')).toEqual({ value: 'text/plain', params: { charset: 'utf-8' } });
    expect(mail.headers.get('content-transfer-encoding')).toBe('7bit');
    expect(mail.text).toBe(reply.text);
    // On the wire: the reply's lines exactly, CRLF-terminated, tabs of the quoted code kept.
    expect(rawBody(bytes).toString('utf8')).toBe(reply.text.replace(/\n/g, '\r\n'));
    expect(rawBody(bytes).toString('utf8')).toContain('\r\n> +\t\tret = pin_user_pages_locked(start, nr_frames,\r\n');
    expect(bytes.toString('latin1')).not.toMatch(/format=flowed|X-Mailer/i);
  });

  it('sends non-ASCII and long lines as 8bit, unwrapped and unencoded', async () => {
    const base = await renderSampleReply();
    const longLine = `> +\t\t${'x'.repeat(200)}  `;
    const reply: EmailReply = {
      ...base,
      subject: 'Re: [PATCH] dax: Björn’s fix',
      to: [{ name: 'Björn Töpel', address: 'bjorn@kernel.org' }],
      text: `Hi Björn,\n\n${longLine}\n\ntrailing space kept \n`,
    };
    const bytes = await toMime(reply, { date: DATE });
    const mail = await simpleParser(bytes);
    expect(mail.headers.get('content-transfer-encoding')).toBe('8bit');
    expect(mail.subject).toBe('Re: [PATCH] dax: Björn’s fix');
    expect(addresses(mail.to)).toEqual([{ name: 'Björn Töpel', address: 'bjorn@kernel.org' }]);
    expect(mail.text).toBe(reply.text);
    expect(rawBody(bytes).toString('utf8')).toBe(reply.text.replace(/\n/g, '\r\n'));
    // Headers stay ASCII (RFC 2047 words): only the body is 8bit.
    const head = bytes.subarray(0, bytes.indexOf('\r\n\r\n')).toString('latin1');
    expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
  });

  it('falls back to quoted-printable only for what cannot travel unencoded, still exact', async () => {
    const base = await renderSampleReply();
    const reply: EmailReply = { ...base, text: `Hi,\n\n> +\t${'y'.repeat(1200)}\n` };
    const bytes = await toMime(reply, { date: DATE });
    const mail = await simpleParser(bytes);
    expect(mail.headers.get('content-transfer-encoding')).toBe('quoted-printable');
    expect(mail.text).toBe(reply.text);
    for (const line of bytes.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('adds the bot headers even when the reply map lacks them, and brackets ids once', async () => {
    const base = await renderSampleReply();
    const reply: EmailReply = { ...base, headers: {}, inReplyTo: '<already@bracketed>', references: ['<a@b>', 'c@d'] };
    const mail = await simpleParser(await toMime(reply, { date: DATE }));
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-dax-review-fingerprint')).toBe(base.fingerprint);
    expect(mail.inReplyTo).toBe('<already@bracketed>');
    expect(mail.references).toEqual(['<a@b>', '<c@d>']);
    expect(angleId(' <<x@y>> ')).toBe('<x@y>');
  });
});
