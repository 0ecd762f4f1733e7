import { describe, expect, it } from 'vitest';
import { findDiffStart, splitBody } from './split-body.js';

const L = (...lines: string[]): string => lines.join('\n');

// edge 0013 (git format-patch, synthetic body by the Patchew developers).
const FORMAT_PATCH = L(
  'foo',
  '',
  'Signed-off-by: Fam Zheng <famz@redhat.com>',
  '---',
  ' foo | 1 +',
  ' 1 file changed, 1 insertion(+)',
  '',
  'diff --git a/foo b/foo',
  'index e69de29..257cc56 100644',
  '--- a/foo',
  '+++ b/foo',
  '@@ -0,0 +1 @@',
  '+foo',
  '-- ',
  '2.7.4',
  '',
);

describe('splitBody', () => {
  it('splits commit message, notes and diff of a format-patch mail (edge 0013)', () => {
    expect(splitBody(FORMAT_PATCH)).toEqual({
      commitMessage: 'foo\n\nSigned-off-by: Fam Zheng <famz@redhat.com>',
      notes: ' foo | 1 +\n 1 file changed, 1 insertion(+)',
      diffText: L(
        'diff --git a/foo b/foo',
        'index e69de29..257cc56 100644',
        '--- a/foo',
        '+++ b/foo',
        '@@ -0,0 +1 @@',
        '+foo',
        '',
      ),
      diffBodyLine: 8,
    });
  });

  it('takes the commit message above a plain diff -u when there is no --- line (edge 0033, CRLF)', () => {
    const body = [
      'Adjust so we uniformly avoid needlessly arranging for a continuation on',
      'the last iteration.',
      '',
      'Fixes: 5777a3742d88 ("IOMMU: hold page ref until after deferred TLB flush")',
      'Signed-off-by: Jan Beulich <jbeulich@suse.com>',
      '',
      '--- a/xen/common/memory.c',
      '+++ b/xen/common/memory.c',
      '@@ -854,1 +854,1 @@ int xenmem_add_to_physmap(struct domain',
      '-        if ( (++done >= ARRAY_SIZE(pages) && extra.ppage) ||',
      '+        if ( xatp->size > ++done &&',
      '',
      '',
    ].join('\r\n');
    const parts = splitBody(body);
    expect(parts.commitMessage.split('\n')).toHaveLength(5);
    expect(parts.commitMessage.endsWith('Signed-off-by: Jan Beulich <jbeulich@suse.com>')).toBe(true);
    expect(parts.notes).toBe('');
    expect(parts.diffBodyLine).toBe(7);
    // Exactly as found: CRLF kept, cut after the hunk (the trailing blank lines are not diff).
    expect(parts.diffText).toBe(body.split('\r\n').slice(6, 11).join('\r\n') + '\r\n');
  });

  it('starts a quilt diff at Index: + ==== (nvdimm, linux-acpi)', () => {
    const body = L(
      '[This patch is untested]',
      '',
      '---',
      ' drivers/acpi/bus.c | 53 +++---',
      '',
      'Index: linux-pm/drivers/acpi/bus.c',
      '=====',
      '--- linux-pm.orig/drivers/acpi/bus.c',
      '+++ linux-pm/drivers/acpi/bus.c',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    );
    const parts = splitBody(body);
    expect(parts.diffBodyLine).toBe(6);
    expect(parts.notes).toBe(' drivers/acpi/bus.c | 53 +++---');
    expect(parts.diffText?.startsWith('Index: linux-pm/drivers/acpi/bus.c\n')).toBe(true);
  });

  it('gives a reply that quotes a patch no diff (edge 0003)', () => {
    const body = L(
      'On 2016-07-22 10:55, Paul Burton wrote:',
      '> diff --git a/hw/mips/mips_malta.c b/hw/mips/mips_malta.c',
      '> index e90857e..6aa2a5d 100644',
      '> --- a/hw/mips/mips_malta.c',
      '> +++ b/hw/mips/mips_malta.c',
      '> @@ -1,1 +1,1 @@',
      '',
      'Reviewed-by: Aurelien Jarno <aurelien@aurel32.net>',
    );
    expect(splitBody(body)).toEqual({ commitMessage: body, notes: '', diffText: null, diffBodyLine: null });
  });

  it('drops the mailing-list footer after the signature (edge 0010 style)', () => {
    const body = L(FORMAT_PATCH, '', '_______________________________________________', 'edk2-devel mailing list');
    expect(splitBody(body).diffText?.includes('edk2-devel')).toBe(false);
  });

  it('keeps notes when the only --- is in a cover letter without diff (edge 0032)', () => {
    const body = L('This patch series includes fixes', '', '---', 'Changelog:', '', 'v6:', ' - Rename');
    expect(splitBody(body)).toEqual({
      commitMessage: 'This patch series includes fixes',
      notes: 'Changelog:\n\nv6:\n - Rename',
      diffText: null,
      diffBodyLine: null,
    });
  });

  it('ignores a --- that only appears inside the diff', () => {
    const body = L('msg', '', 'diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -1,2 +1 @@', '---', ' x');
    const parts = splitBody(body);
    expect(parts.commitMessage).toBe('msg');
    expect(parts.notes).toBe('');
    expect(parts.diffText).toBe(L('diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -1,2 +1 @@', '---', ' x'));
  });
});

describe('findDiffStart', () => {
  it.each([
    ['diff --git header', ['text', 'diff --git a/x b/x'], 1],
    ['plain ---/+++/@@', ['--- a/x', '+++ b/x', '@@ -1 +1 @@'], 0],
    ['--- and +++ without @@ is not a diff', ['--- a', '+++ b', 'text'], -1],
    ['Index: needs ====', ['Index: foo', 'text'], -1],
    ['quoted diff never starts one', ['> diff --git a/x b/x'], -1],
  ])('%s', (_name, lines, want) => {
    expect(findDiffStart(lines)).toBe(want);
  });
});

describe('splitBody: signatures', () => {
  it("ends a reply's prose at its signature so the trailer block is last (edge 0003)", () => {
    const body = L(
      'This looks fine.',
      '',
      'Reviewed-by: Aurelien Jarno <aurelien@aurel32.net>',
      '',
      '-- ',
      'Aurelien Jarno                          GPG: 4096R/1DDD8C9B',
    );
    expect(splitBody(body).commitMessage).toBe(
      'This looks fine.\n\nReviewed-by: Aurelien Jarno <aurelien@aurel32.net>',
    );
  });

  it("ends a cover letter's notes at the signature (edge 0010)", () => {
    const body = L(
      'Cover.',
      '---',
      ' 8 files changed',
      '',
      '-- ',
      '2.9.0.windows.1',
      '',
      '____',
      'edk2-devel mailing list',
    );
    expect(splitBody(body)).toMatchObject({ commitMessage: 'Cover.', notes: ' 8 files changed', diffText: null });
  });
});
