import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { callCarries, callFlags } from './call-flags.js';
import { droppedFlags } from './flag-drops.js';
import { buildFragment } from './fragment.js';
import { findCallSites } from './scope.js';

const file = (path: string, hunk: string[]) =>
  parseDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n'))[0]!;
const drops = (path: string, hunk: string[]) => {
  const f = file(path, hunk);
  return droppedFlags(buildFragment(f, 'old'), buildFragment(f, 'new'), 'FOLL_LONGTERM');
};

describe('callFlags', () => {
  it('resolves the gup_flags argument of GUP calls and every argument of wrappers', () => {
    const f = file('x.c', [
      '@@ -1,2 +1,4 @@ static int f(void)',
      ' {',
      '+\tunsigned int fl = FOLL_WRITE;',
      '+\tpin_user_pages_fast(a, n, fl | FOLL_LONGTERM, p);',
      '+\twrap(kvm, a, n, &x, FOLL_LONGTERM, gup_flags);',
    ]);
    const frag = buildFragment(f, 'new');
    const [pin, wrap] = findCallSites(frag, (n) => n === 'pin_user_pages_fast' || n === 'wrap');
    expect([...callFlags(frag, pin!).constants].sort()).toEqual(['FOLL_LONGTERM', 'FOLL_WRITE']);
    expect(callFlags(frag, wrap!).unresolvedFlags).toEqual(['gup_flags']);
    expect(callCarries(frag, wrap!, 'FOLL_LONGTERM')).toBe(true);
  });
});

describe('droppedFlags', () => {
  it('reports a wrapper call that loses the flag (kb row 19)', () => {
    const d = drops('arch/x86/kvm/svm/sev.c', [
      '@@ -2766,3 +2766,3 @@ int sev_mem_enc_register_region(struct kvm *kvm,',
      ' \tregion->pages = sev_pin_memory(kvm, range->addr, range->size, &region->npages,',
      '-\t\t\t\t       FOLL_WRITE | FOLL_LONGTERM);',
      '+\t\t\t\t       FOLL_WRITE);',
      ' \tif (IS_ERR(region->pages)) {',
    ]);
    expect(d.map((x) => [x.what, x.fn, x.line.newLine])).toEqual([
      ['sev_pin_memory()', 'sev_mem_enc_register_region', 2767],
    ]);
  });

  it('stays silent when the flag is kept (kb row 21) or moved into an initialiser (kb row 12)', () => {
    expect(
      drops('sev.c', [
        '@@ -1,2 +1,2 @@ int f(void)',
        ' \tp = sev_pin_memory(kvm, a, s, &n,',
        '-\t\tFOLL_WRITE | FOLL_LONGTERM);',
        '+\t\tFOLL_LONGTERM);',
      ]),
    ).toEqual([]);
    expect(
      drops('umem.c', [
        '@@ -1,3 +1,3 @@ struct ib_umem *ib_umem_get(int x)',
        '-\tunsigned int gup_flags = FOLL_WRITE;',
        '+\tunsigned int gup_flags = FOLL_LONGTERM;',
        ' \tx = 1;',
        '@@ -9,2 +9,2 @@ struct ib_umem *ib_umem_get(int x)',
        '-\tpinned = pin_user_pages_fast(a, n, gup_flags | FOLL_LONGTERM, p);',
        '+\tpinned = pin_user_pages_fast(a, n, gup_flags, p);',
      ]),
    ).toEqual([]);
  });

  it('stays silent when the call goes away or reads a flag variable set out of sight', () => {
    expect(
      drops('a.c', [
        '@@ -1,2 +1,2 @@ int f(void)',
        '-\tret = pin_user_pages(s, n, FOLL_LONGTERM, p);',
        '+\tret = hmm_range_fault(&range);',
        ' \treturn ret;',
      ]),
    ).toEqual([]);
    expect(
      drops('a.c', [
        '@@ -1,2 +1,2 @@ int f(void)',
        '-\tret = pin_user_pages(s, n, FOLL_WRITE | FOLL_LONGTERM, p);',
        '+\tret = pin_user_pages(s, n, gup_flags, p);',
        ' \treturn ret;',
      ]),
    ).toEqual([]);
  });

  it('follows a GUP call whose callee changes, and a flag variable whose initialiser changes', () => {
    expect(
      drops('a.c', [
        '@@ -1,2 +1,2 @@ int f(void)',
        '-\tret = get_user_pages_remote(mm, s, n, flags | FOLL_LONGTERM, p, NULL);',
        '+\tret = pin_user_pages_remote(mm, s, n, flags, p, NULL);',
        ' \treturn ret;',
      ]).map((d) => d.what),
    ).toEqual(['pin_user_pages_remote()']);
    expect(
      drops('a.c', [
        '@@ -1,2 +1,2 @@ int f(void)',
        '-\tunsigned int gup_flags = FOLL_WRITE | FOLL_LONGTERM;',
        '+\tunsigned int gup_flags = FOLL_WRITE;',
        ' \treturn 0;',
      ]).map((d) => d.what),
    ).toEqual(['gup_flags']);
  });
});

describe('droppedFlags: tests of a flag are not flag values', () => {
  it('ignores a flag tested in an assertion or a condition', () => {
    expect(
      drops('mm/huge_memory.c', [
        '@@ -1,2 +1,2 @@ struct page *follow_devmap_pmd(struct vm_area_struct *vma)',
        '-\tif (WARN_ON_ONCE(flags & FOLL_LONGTERM))',
        '+\tif (WARN_ON_ONCE(flags & FOLL_PIN))',
        ' \t\treturn NULL;',
      ]),
    ).toEqual([]);
    expect(
      drops('a.c', [
        '@@ -1,2 +1,2 @@ int f(void)',
        '-\tret = (gup_flags & FOLL_LONGTERM) ? 1 : 0;',
        '+\tret = 0;',
        ' \treturn ret;',
      ]),
    ).toEqual([]);
  });
});
