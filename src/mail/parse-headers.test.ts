import { describe, expect, it } from 'vitest';
import { slimMail } from '../queue/message-store.js';
import { headerBlockEnd } from './raw-mail.js';
import { parseHeadersOnly } from './parse-headers.js';
import { parseMessage } from './parse-message.js';

const RAW = Buffer.from(
  [
    'From mboxrd@z Thu Jan  1 00:00:00 1970',
    'From: =?iso-8859-1?q?J=F6rg_R=F6del?= <joro@example.org>',
    'To: "Dan Williams" <dan.j.williams@example.com>,',
    '\tlinux-mm@kvack.org',
    'Cc: =?utf-8?b?5p2O5piO?= <li@example.cn>, unlisted-recipients:; (no To-header on input)',
    'Subject: =?utf-8?q?=5BPATCH_v2_1/3=5D_mm/gup=3A_r=C3=A9vis?=',
    ' =?utf-8?q?e_the_pin_path?=',
    'Date: Tue, 8 Dec 2026 01:00:00 +0100',
    'In-Reply-To: <cover@example.org>',
    'References: <a@example.org>',
    '\t<cover@example.org>',
    'List-Id: <nvdimm.lists.linux.dev>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Body text.',
    '---',
    'diff --git a/x b/x',
    '',
  ].join('\r\n'),
  'latin1',
);

describe('parseHeadersOnly', () => {
  it('gives the slimmed whole parse: encoded words, folded fields, groups and charsets decoded the same', async () => {
    const head = parseHeadersOnly(RAW, 'a.mbox#1');
    expect({ ...head, warnings: [] }).toEqual(slimMail(await parseMessage(RAW, 'a.mbox#1')));
    expect(head.from).toEqual({ name: 'Jörg Rödel', address: 'joro@example.org' });
    expect(head.subject.raw).toBe('[PATCH v2 1/3] mm/gup: révise the pin path');
    expect(head.cc).toEqual([{ name: '李明', address: 'li@example.cn' }]);
    expect(head.references).toEqual(['a@example.org', 'cover@example.org']);
  });

  it('warns about a missing Message-ID and refuses what parseMessage refuses', () => {
    expect(parseHeadersOnly(RAW, 'a').warnings).toEqual(['no Message-ID header']);
    expect(() => parseHeadersOnly(Buffer.from('just some text\n'), 'b')).toThrow(/not a mail message/);
  });

  it('ends the header block at the first empty line, LF or CRLF, as mailsplit does', () => {
    expect(headerBlockEnd(Buffer.from('A: 1\nB: 2\n\nbody'))).toBe(11);
    expect(headerBlockEnd(Buffer.from('A: 1\r\n\r\nbody'))).toBe(8);
    // a line of blanks is a continuation, not the end: no body at all
    expect(headerBlockEnd(Buffer.from('A: 1\n \nB: 2'))).toBe(11);
  });
});
