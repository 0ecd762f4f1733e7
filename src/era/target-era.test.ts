import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../mail/parse-message.js';
import { inlineMail } from '../../test/helpers/inline-mail.js';
import { kernel, parseKernelVersion } from './kernel-version.js';
import { kernelInDevelopmentOn } from './release-dates.js';
import { atLeast, targetEra } from './target-era.js';

const kb = (f: string): Buffer => readFileSync(new URL(`../../test/fixtures/corpus/kb-mails/${f}`, import.meta.url));

describe('parseKernelVersion', () => {
  it.each([
    ['v5.2', { major: 5, minor: 2 }],
    ['4.19', { major: 4, minor: 19 }],
    ['5.10.y', { major: 5, minor: 10 }],
    ['stable-4.14', { major: 4, minor: 14 }],
    ['6.1.123', { major: 6, minor: 1 }],
    ['linux-6.6.y', { major: 6, minor: 6 }],
  ])('%s', (text, v) => {
    expect(parseKernelVersion(text)).toEqual(v);
  });
  it.each(['PATCH', 'v2', 'v10', '1/3', 'mm-unstable', ''])('rejects %j', (text) => {
    expect(parseKernelVersion(text)).toBeNull();
  });
});

describe('kernelInDevelopmentOn', () => {
  it.each([
    ['2017-11-29', 'v4.15'], // get_user_pages_longterm v3 posting: v4.14 released, v4.15 in development
    ['2019-03-28', 'v5.1'],
    ['2019-05-10', 'v5.2'],
    ['2019-12-11', 'v5.5'],
    ['2020-03-30', 'v5.7'],
    ['2025-02-28', 'v6.14'],
    ['2025-06-19', 'v6.16'],
  ])('%s → %s', (date, v) => {
    expect(kernelInDevelopmentOn(date)).toEqual(kernel(v));
  });

  it('keeps counting nine-week cycles past the table', () => {
    expect(kernelInDevelopmentOn('2026-07-15')).toEqual(kernel('v6.22'));
  });
});

describe('targetEra', () => {
  it('takes the mail date when nothing else says', async () => {
    const era = targetEra(await parseMessage(kb('01-mm-introduce-get-user-pages-longterm.eml'), 'kb01'));
    expect(era).toMatchObject({ kernel: kernel('v4.15'), basis: 'date' });
    expect(atLeast(era, 'v4.15')).toBe(true);
    expect(atLeast(era, 'v5.2')).toBe(false);
  });

  it('is bounded by APIs the existing code uses', async () => {
    // Dated 2019-12-16 (v5.5 in development); its context already has FOLL_LONGTERM and no pin_* yet.
    const era = targetEra(await parseMessage(kb('08-vfio-mm-pin-user-pages-and-put-user-page-conversion.eml'), 'kb08'));
    expect(atLeast(era, 'v5.2')).toBe(true);
  });

  it('caps the era when the context still has get_user_pages_longterm', async () => {
    const mail = await parseMessage(
      Buffer.from(
        inlineMail({
          subject: '[PATCH] vfio: tidy',
          date: 'Mon, 1 Jul 2024 10:00:00 +0000',
          diff: [
            'diff --git a/drivers/vfio/x.c b/drivers/vfio/x.c',
            '--- a/drivers/vfio/x.c',
            '+++ b/drivers/vfio/x.c',
            '@@ -1,2 +1,3 @@',
            ' ret = get_user_pages_longterm(vaddr, 1, flags, page, vmas);',
            '+/* tidy */',
            ' return ret;',
          ],
        }),
      ),
      'inline',
    );
    expect(targetEra(mail)).toMatchObject({ kernel: kernel('v5.1'), basis: 'patch' });
  });

  it('prefers a tree named in the subject, and configuration over everything', async () => {
    const mail = await parseMessage(
      Buffer.from(
        inlineMail({
          subject: '[PATCH 4.19] vfio: backport',
          diff: ['diff --git a/a b/a', '--- a/a', '+++ b/a', '@@ -1 +1 @@', '-a', '+b'],
        }),
      ),
      'inline',
    );
    expect(targetEra(mail)).toMatchObject({ kernel: kernel('v4.19'), basis: 'tag' });
    expect(targetEra(mail, kernel('v6.1'))).toMatchObject({ kernel: kernel('v6.1'), basis: 'config' });
  });
});
