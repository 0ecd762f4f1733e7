import { describe, expect, it } from 'vitest';
import { mentionsAny } from './prefilter.js';
import { parseMessage } from '../mail/parse-message.js';
import { rawMayMention } from './raw-prefilter.js';

const mail = (headers: string[], body: string): Buffer =>
  Buffer.from(`From: A <a@example.org>\r\nMessage-ID: <m@x>\r\n${headers.join('\r\n')}\r\n\r\n${body}`, 'latin1');
const TRIGGERS = ['get_user_pages', 'MAP_SYNC', 'pmem option'];

/** The raw answer, checked against mentionsAny on the whole parse where that says yes. */
async function both(raw: Buffer, triggers = TRIGGERS): Promise<{ raw: boolean; parsed: boolean }> {
  return { raw: rawMayMention(raw, triggers), parsed: mentionsAny(await parseMessage(raw, 't'), triggers) };
}

describe('rawMayMention', () => {
  it('says no for a mail naming no trigger, and yes for a plain one that does', async () => {
    expect(await both(mail(['Subject: [PATCH] mm: fix'], 'Nothing here.\r\n'))).toEqual({ raw: false, parsed: false });
    expect(await both(mail(['Subject: [PATCH] mm: fix'], 'Calls get_user_pages().\r\n'))).toEqual({
      raw: true,
      parsed: true,
    });
  });

  it('finds a trigger split by a quoted-printable soft line break, or spelled with =XX escapes', async () => {
    const qp = ['Subject: x', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'];
    expect(await both(mail(qp, 'Calls get_user=\r\n_pages() here.\r\n'))).toEqual({ raw: true, parsed: true });
    expect(await both(mail(qp, 'Uses MAP=5FSYNC.\r\n'))).toEqual({ raw: true, parsed: true });
    // trailing blanks after the `=` of a soft break are dropped first (libqp)
    expect(await both(mail(qp, 'Uses MAP_=  \r\nSYNC.\r\n'))).toEqual({ raw: true, parsed: true });
  });

  it('finds a trigger in a base64 body, single-part and as a multipart attachment', async () => {
    const b64 = Buffer.from('The fix: call get_user_pages() once.\n').toString('base64').replace(/.{20}/g, '$&\r\n');
    expect(
      await both(mail(['Subject: x', 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64'], `${b64}\r\n`)),
    ).toEqual({ raw: true, parsed: true });
    const patch = Buffer.from(
      'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+get_user_pages(x);\n',
    ).toString('base64');
    const multipart = mail(
      ['Subject: x', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="BB"'],
      [
        '--BB',
        'Content-Type: text/plain',
        '',
        'See the attachment.',
        '--BB',
        'Content-Type: text/x-patch; name="0001.patch"',
        'Content-Disposition: attachment; filename="0001.patch"',
        'Content-Transfer-Encoding: base64',
        '',
        patch,
        '--BB--',
        '',
      ].join('\r\n'),
    );
    expect(await both(multipart)).toEqual({ raw: true, parsed: true });
  });

  it('is unsure (yes) about a base64 body ended by a `--` line that is no boundary', () => {
    const raw = mail(
      ['Subject: x', 'Content-Type: multipart/mixed; boundary="BB"'],
      ['--BB', 'Content-Transfer-Encoding: base64', '', 'aGVsbG8=', '--not-the-boundary', '--BB--', ''].join('\r\n'),
    );
    expect(rawMayMention(raw, TRIGGERS)).toBe(true);
  });

  it('finds a trigger in an RFC 2047 Subject, split over two encoded words and over a fold', async () => {
    expect(
      await both(mail(['Subject: =?utf-8?q?=5BPATCH=5D_fix_get=5Fuser=5F?=\r\n =?utf-8?q?pages?='], 'Body.\r\n')),
    ).toEqual({ raw: true, parsed: true });
    expect(
      await both(mail([`Subject: =?utf-8?b?${Buffer.from('Re: MAP_SYNC ✓').toString('base64')}?=`], 'Body.\r\n')),
    ).toEqual({ raw: true, parsed: true });
    // unfolding turns the fold into one space: a trigger with a space in it appears only then
    expect(await both(mail(['Subject: [PATCH] hw/mem: the pmem\r\n option'], 'Body.\r\n'))).toEqual({
      raw: true,
      parsed: true,
    });
  });

  it('finds a trigger joined by format=flowed unwrapping (delsp=yes)', async () => {
    const flowed = ['Subject: x', 'Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes'];
    expect(await both(mail(flowed, 'It calls get_user_ \r\npages for this.\r\n'))).toEqual({ raw: true, parsed: true });
  });

  it('says yes for a trigger only in quoted reply text, which mentionsAny does read (commit message)', async () => {
    expect(await both(mail(['Subject: Re: [PATCH] x'], '> it calls get_user_pages\r\n\r\nAgreed.\r\n'))).toEqual({
      raw: true,
      parsed: true,
    });
  });

  it('says yes (unsure) for a charset that does not spell ASCII as ASCII', () => {
    const body = Buffer.from('calls get_user_pages\n', 'utf16le');
    const raw = Buffer.concat([
      mail(['Subject: x', 'Content-Type: text/plain; charset=utf-16le', 'Content-Transfer-Encoding: binary'], ''),
      body,
    ]);
    expect(raw.includes('get_user_pages')).toBe(false);
    expect(rawMayMention(raw, TRIGGERS)).toBe(true);
  });
});
