import { describe, expect, it } from 'vitest';
import { declaredCharsets } from '../mail/declared-charsets.js';
import { parseMessage } from '../mail/parse-message.js';
import { readRawMail } from '../mail/raw-mail.js';
import { rawHasDiff } from './raw-diff.js';
import { rawViews } from './raw-views.js';

const mail = (headers: string[], body: string): Buffer =>
  Buffer.from(
    `From: A <a@example.org>\r\nMessage-ID: <m@x>\r\nSubject: [PATCH] x\r\n${headers.join('\r\n')}\r\n\r\n${body}`,
    'latin1',
  );

function hasDiff(raw: Buffer): boolean | null {
  const views = rawViews(readRawMail(raw), declaredCharsets(raw));
  if (views === null) throw new Error('no views');
  return rawHasDiff(readRawMail(raw), views);
}
const wholeParse = async (raw: Buffer): Promise<boolean> => (await parseMessage(raw, 't')).diffText !== null;

const DIFF =
  'Fix.\r\n\r\nSigned-off-by: A <a@example.org>\r\n---\r\n x.c | 1 +\r\n\r\ndiff --git a/x.c b/x.c\r\n--- a/x.c\r\n+++ b/x.c\r\n@@ -1 +1,2 @@\r\n a\r\n+b\r\n';

describe('rawHasDiff', () => {
  it('agrees with the whole parse on inline diffs, quoted diffs and look-alike lines', async () => {
    const cases = [
      mail([], DIFF),
      mail([], DIFF.replace('diff --git a/x.c b/x.c\r\n', '')), // plain diff -u
      mail([], '> diff --git a/x.c b/x.c\r\n> --- a/x.c\r\n\r\nLooks fine.\r\n'), // a quoted patch
      mail([], 'Text.\r\n--- \r\nnot a diff\r\n'),
      mail([], 'No diff at all.\r\n'),
      mail(
        ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
        DIFF.replace('+b', '+b=3D1'),
      ),
      mail(['Content-Type: text/plain', 'Content-Transfer-Encoding: base64'], Buffer.from(DIFF).toString('base64')),
      mail(['Content-Type: text/plain; format=flowed'], ' diff --git a/x.c b/x.c\r\n'), // space-stuffed: unstuffed by mailparser
      mail(['Content-Type: text/plain', 'Content-Disposition: attachment; filename="x.patch"'], DIFF),
    ];
    for (const raw of cases) expect(hasDiff(raw)).toBe(await wholeParse(raw));
  });

  it('leaves a multipart mail with a diff-like line to the whole parse', () => {
    const raw = mail(
      ['Content-Type: multipart/mixed; boundary="BB"'],
      `--BB\r\nContent-Type: text/plain\r\n\r\n${DIFF}--BB--\r\n`,
    );
    expect(hasDiff(raw)).toBeNull();
  });

  it('says no for a multipart mail with no diff-like line anywhere', async () => {
    const raw = mail(
      ['Content-Type: multipart/mixed; boundary="BB"'],
      '--BB\r\nContent-Type: text/plain\r\n\r\nHello.\r\n--BB--\r\n',
    );
    expect(hasDiff(raw)).toBe(false);
    expect(await wholeParse(raw)).toBe(false);
  });
});
