import { describe, expect, it } from 'vitest';
import { parseMessage } from '../mail/parse-message.js';
import type { Finding } from '../model/finding.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import { inlineMail } from '../../test/helpers/inline-mail.js';
import { dropFixedLater } from './drop-fixed-later.js';

const FILE = 'drivers/media/pin.c';
const hunk = (lines: string[]): string[] => [
  `diff --git a/${FILE} b/${FILE}`,
  `--- a/${FILE}`,
  `+++ b/${FILE}`,
  `@@ -10,3 +10,3 @@ int pin(void)`,
  ...lines,
];
const patch = async (n: number, lines: string[]): Promise<PatchMail> =>
  parseMessage(
    Buffer.from(inlineMail({ subject: `[PATCH ${n}/3] media: step ${n}`, diff: hunk(lines) })),
    `s.mbox#${n}`,
  );

const finding = (source: string, excerpt: string | null, file: string | null = FILE): Finding => ({
  rule: 'longterm-pin-without-foll-longterm',
  severity: 'error',
  messageId: null,
  subject: '',
  source,
  file,
  line: 11,
  side: 'new',
  message: 'm',
  citations: [],
  docsUrl: '',
  excerpt,
  symbol: null,
  confidence: 'high',
});

async function series(): Promise<{ s: Series; map: Map<string, Series> }> {
  const p1 = await patch(1, [
    ' a();',
    '-\tret = get_user_pages(start, n, 0, pages);',
    '+\tret = pin_user_pages(start, n,',
    '+\t\t\t     0, pages);',
    ' b();',
  ]);
  const p2 = await patch(2, [' x();', '+\ty();', ' z();']);
  const p3 = await patch(3, [
    ' a();',
    '-\tret = pin_user_pages(start, n,',
    '-\t\t\t     0, pages);',
    '+\tret = pin_user_pages(start, n, FOLL_LONGTERM, pages);',
    ' b();',
  ]);
  const s: Series = {
    id: 'x',
    subject: 'media',
    version: 1,
    total: 3,
    rfc: false,
    resend: false,
    author: null,
    cover: null,
    patches: [p1, p2, p3],
    complete: true,
  };
  return { s, map: new Map([p1, p2, p3].map((p) => [p.source, s])) };
}

describe('dropFixedLater', () => {
  it('drops a finding whose code a later patch of the series removes, across lines', async () => {
    const { map } = await series();
    expect(dropFixedLater([finding('s.mbox#1', 'pin_user_pages(start, n, 0, pages)')], map)).toEqual([]);
  });

  it('keeps it when no later patch touches that code, or the fix is in another file', async () => {
    const { map } = await series();
    const kept = finding('s.mbox#1', 'pin_user_pages(other, 1, 0, pages)');
    const elsewhere = finding('s.mbox#1', 'pin_user_pages(start, n, 0, pages)', 'mm/other.c');
    expect(dropFixedLater([kept, elsewhere], map)).toEqual([kept, elsewhere]);
  });

  it('never lets an earlier patch excuse a later one, and keeps prose findings and lone patches', async () => {
    const { map } = await series();
    const last = finding('s.mbox#3', 'pin_user_pages(start, n, 0, pages)');
    const prose = finding('s.mbox#1', 'MAP_SYNC makes data durable', null);
    const lone = finding('other.eml', 'pin_user_pages(start, n, 0, pages)');
    expect(dropFixedLater([last, prose, lone], map)).toEqual([last, prose, lone]);
  });
});
