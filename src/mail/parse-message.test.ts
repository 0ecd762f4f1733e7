import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.js';

/** A raw message from header and body lines (LF). Headers here are trimmed real ones. */
const mail = (headers: string[], body: string[]): Buffer => Buffer.from([...headers, '', ...body].join('\n'), 'utf8');

const PATCH_BODY = [
  'Add the missing check for NULL.',
  '',
  'Signed-off-by: Roman Kagan <rkagan@virtuozzo.com>',
  '---',
  ' hw/hyperv/hyperv.c | 1 +',
  '',
  'diff --git a/hw/hyperv/hyperv.c b/hw/hyperv/hyperv.c',
  'index 6ebf31c310..d745c0c5cb 100644',
  '--- a/hw/hyperv/hyperv.c',
  '+++ b/hw/hyperv/hyperv.c',
  '@@ -136,1 +136,2 @@ void hyperv_synic_add(CPUState *cs)',
  '     SynICState *synic;',
  '+    assert(synic);',
  '-- ',
  '2.19.1',
];

describe('parseMessage: headers', () => {
  it('reads ids, threading, list, date and auto-submitted from the raw header lines', async () => {
    const raw = mail(
      [
        'From: Roman Kagan <rkagan@virtuozzo.com>',
        'To: "qemu-devel@nongnu.org" <qemu-devel@nongnu.org>',
        'Cc: Igor Mammedov <imammedo@redhat.com>, Vitaly Kuznetsov <vkuznets@redhat.com>',
        'Subject: [Qemu-devel] [PATCH v2 2/3] hw/hyperv: fix NULL dereference with pure-kvm',
        '\tSynIC',
        'Date: Mon, 26 Nov 2018 15:28:44 +0000',
        'Message-ID: <20181126152836.25379-1-rkagan@virtuozzo.com>',
        'In-Reply-To: <1@x.org> (Roman Kagan\'s message of "Mon, 26 Nov 2018")',
        'References: <1@x.org>,',
        ' <2@x.org>\tgarbage <3@x.org>',
        'List-Id: QEMU developers <qemu-devel.nongnu.org>',
        'Auto-Submitted: Auto-Generated (patchwork)',
      ],
      PATCH_BODY,
    );
    const m = await parseMessage(raw, 'unit#1');
    expect(m).toMatchObject({
      source: 'unit#1',
      messageId: '20181126152836.25379-1-rkagan@virtuozzo.com',
      inReplyTo: '1@x.org',
      references: ['1@x.org', '2@x.org', '3@x.org'],
      from: { name: 'Roman Kagan', address: 'rkagan@virtuozzo.com' },
      date: '2018-11-26T15:28:44.000Z',
      // mailparser drops a display name that only repeats the address.
      to: [{ name: '', address: 'qemu-devel@nongnu.org' }],
      cc: [
        { name: 'Igor Mammedov', address: 'imammedo@redhat.com' },
        { name: 'Vitaly Kuznetsov', address: 'vkuznets@redhat.com' },
      ],
      listId: 'qemu-devel.nongnu.org',
      autoSubmitted: 'auto-generated',
      warnings: [],
    });
    expect(m.subject).toMatchObject({
      version: 2,
      index: 2,
      total: 3,
      listTags: ['Qemu-devel'],
      title: 'hw/hyperv: fix NULL dereference with pure-kvm SynIC',
    });
  });

  it('says null for an unparseable Date instead of mailparser\'s "now", and warns', async () => {
    const m = await parseMessage(mail(['From: a@b.c', 'Date: someday soon', 'Subject: x'], ['hi']), 'u');
    expect(m.date).toBeNull();
    expect(m.autoSubmitted).toBe('no');
    expect(m.warnings).toEqual(['no Message-ID header', 'unparseable Date header "someday soon"']);
  });

  it('parses a message that has headers but no body', async () => {
    const m = await parseMessage(Buffer.from('Subject: [PATCH] x\n'), 'u');
    expect(m).toMatchObject({ commitMessage: '', diffText: null, diff: [], messageId: null, from: null });
  });
});

describe('parseMessage: body and diff', () => {
  it('fills commit message, trailers, notes and diff from an inline patch', async () => {
    const m = await parseMessage(mail(['From: a@b.c', 'Subject: [PATCH] x'], PATCH_BODY), 'u');
    expect(m.commitMessage).toBe(
      'Add the missing check for NULL.\n\nSigned-off-by: Roman Kagan <rkagan@virtuozzo.com>',
    );
    expect(m.trailers).toEqual([{ key: 'Signed-off-by', value: 'Roman Kagan <rkagan@virtuozzo.com>' }]);
    expect(m.notes).toBe(' hw/hyperv/hyperv.c | 1 +');
    expect(m.diffBodyLine).toBe(7);
    expect(m.diff).toHaveLength(1);
    expect(m.diff[0]!.hunks[0]!.lines.at(-1)).toEqual({
      kind: 'add',
      text: '    assert(synic);',
      oldLine: null,
      newLine: 137,
    });
  });

  it('takes the diff from a text/x-patch attachment in its declared charset, prose from the body', async () => {
    const patch = Buffer.from(
      ['diff --git a/README b/README', '--- a/README', '+++ b/README', '@@ -1 +1 @@', '-Bennee', '+Bennée', ''].join(
        '\n',
      ),
      'latin1',
    );
    const raw = Buffer.concat([
      mail(
        [
          'From: a@b.c',
          'Subject: [PATCH] fix name',
          'Message-ID: <att@x>',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="XX"',
        ],
        [
          '--XX',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Fix the name.',
          '',
          'Signed-off-by: A <a@b.c>',
          '',
          '--XX',
          'Content-Type: text/x-patch; charset=iso-8859-1; name="0001-fix.patch"',
          'Content-Disposition: attachment; filename="0001-fix.patch"',
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ],
      ),
      patch,
      Buffer.from('\n--XX--\n'),
    ]);
    const m = await parseMessage(raw, 'u');
    expect(m.commitMessage).toBe('Fix the name.\n\nSigned-off-by: A <a@b.c>');
    expect(m.trailers).toHaveLength(1);
    expect(m.diffBodyLine).toBeNull();
    expect(m.diff[0]!.hunks[0]!.lines.map((l) => l.text)).toEqual(['Bennee', 'Bennée']);
    expect(m.warnings).toEqual(['diff taken from "0001-fix.patch"']);
  });

  it('recovers cp1252 bytes in a mail with no Content-Type at all (git-am style, edge 0037)', async () => {
    const raw = Buffer.concat([
      Buffer.from("From: a@b.c\nSubject: [PATCH] quotes\n\nIt's the ", 'latin1'),
      Buffer.from('\x93right\x94 fix.\n\nReviewed-by: Philippe Mathieu-Daud', 'latin1'),
      Buffer.from('é <p@m.d>\n', 'utf8'),
    ]);
    const m = await parseMessage(raw, 'u');
    // Decoding is per line: the cp1252 line and the UTF-8 line each come out right.
    expect(m.commitMessage).toBe("It's the “right” fix.\n\nReviewed-by: Philippe Mathieu-Daudé <p@m.d>");
    expect(m.warnings).toContain('text body has bytes invalid in its charset; lines read as UTF-8 or windows-1252');
  });

  it('does not read a PGP signature attachment as a patch', async () => {
    const raw = mail(
      [
        'From: a@b.c',
        'Subject: Re: [PATCH] x',
        'Message-ID: <s@x>',
        'Content-Type: multipart/signed; boundary="S";',
        ' protocol="application/pgp-signature"',
      ],
      [
        '--S',
        'Content-Type: text/plain',
        '',
        'Looks good.',
        '',
        '--S',
        'Content-Type: application/pgp-signature',
        '',
        '-----BEGIN PGP SIGNATURE-----',
        '@@ -1 +1 @@',
        '-----END PGP SIGNATURE-----',
        '--S--',
      ],
    );
    const m = await parseMessage(raw, 'u');
    expect(m).toMatchObject({ commitMessage: 'Looks good.', diffText: null, diff: [], warnings: [] });
  });
});

describe('parseMessage: not a mail', () => {
  it.each([
    ['empty input', Buffer.alloc(0), /u\.eml: not a mail message: the input is empty/],
    ['blank input', Buffer.from('\n\n  \n'), /the input is empty/],
    [
      'no header section',
      Buffer.from('hello world\nthis is text\n'),
      /u\.eml: not a mail message: no header section \(first line "hello world"\)/,
    ],
    ['a bare diff', Buffer.from('diff --git a/x b/x\n'), /no header section/],
  ])('%s throws naming the source and the reason', async (_name, raw, re) => {
    await expect(parseMessage(raw, 'u.eml')).rejects.toThrow(re);
  });
});
