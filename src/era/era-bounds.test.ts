import { describe, expect, it } from 'vitest';
import { inlineMail } from '../../test/helpers/inline-mail.js';
import { parseMessage } from '../mail/parse-message.js';
import { isBackport, nextKernel, surelyAtLeast, surelyBefore } from './era-bounds.js';
import { kernel } from './kernel-version.js';
import { targetEra } from './target-era.js';

const DIFF = [
  'diff --git a/drivers/x.c b/drivers/x.c',
  '--- a/drivers/x.c',
  '+++ b/drivers/x.c',
  '@@ -1 +1 @@',
  '-a',
  '+b',
];
const mail = (subject: string, date: string, body = 'Inline test mail.') =>
  parseMessage(Buffer.from(inlineMail({ subject, date, body, diff: DIFF })), 'inline');

describe('nextKernel', () => {
  it.each([
    ['v5.5', 'v5.6'],
    ['v4.20', 'v5.0'],
    ['v5.19', 'v6.0'],
    ['v6.9', 'v6.10'],
  ])('%s → %s', (a, b) => {
    expect(nextKernel(kernel(a))).toEqual(kernel(b));
  });
});

describe('surelyAtLeast / surelyBefore', () => {
  it('answers exactly for a tree named in the subject', async () => {
    const m = await mail('[PATCH 4.19] vfio: backport', 'Mon, 1 Jul 2024 10:00:00 +0000');
    const era = targetEra(m);
    expect(surelyAtLeast(era, 'v4.15', m)).toBe(true);
    expect(surelyAtLeast(era, 'v5.2', m)).toBe(false);
    expect(surelyBefore(era, 'v5.2')).toBe(true);
  });

  it('does not trust a date inside a merge window', async () => {
    // v5.6 was released 2020-03-29: a mail of 2020-03-31 is in the v5.7 merge window and may be
    // based on v5.6 only; one of 2020-05-04 (v5.7-rc4) is based on a tree with the v5.7 merges.
    const early = await mail('[PATCH] mm: x', 'Tue, 31 Mar 2020 10:00:00 +0000');
    expect(atLeastBy(early, 'v5.7')).toBe(false);
    const late = await mail('[PATCH] mm: x', 'Mon, 4 May 2020 10:00:00 +0000');
    expect(atLeastBy(late, 'v5.7')).toBe(true);
  });

  it('lets a date-based era predate a release only if the next release does too', async () => {
    // 2019-12-11: v5.5 in development, but mm patches posted then target v5.6.
    const m = await mail('[PATCH] vfio: x', 'Wed, 11 Dec 2019 10:00:00 +0000');
    expect(surelyBefore(targetEra(m), 'v5.6')).toBe(false);
    expect(surelyBefore(targetEra(m), 'v5.7')).toBe(true);
  });

  it('never dates a backport by its mail date', async () => {
    const m = await mail('[PATCH] vfio: x', 'Mon, 1 Jul 2024 10:00:00 +0000', 'commit 0123456789ab upstream.\n\nText.');
    expect(isBackport(m)).toBe(true);
    expect(surelyAtLeast(targetEra(m), 'v5.2', m)).toBe(false);
  });
});

function atLeastBy(m: Awaited<ReturnType<typeof mail>>, v: string): boolean {
  return surelyAtLeast(targetEra(m), v, m);
}
