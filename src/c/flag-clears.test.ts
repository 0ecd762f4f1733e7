import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { addedFlagClears } from './flag-clears.js';
import { buildFragment } from './fragment.js';
import { addedBypassFlags } from './gup-bypass.js';
import { pinRetriesWithout } from './pin-retry.js';

const fragment = (path: string, hunk: string[]) =>
  buildFragment(parseDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n'))[0]!, 'new');

describe('addedFlagClears', () => {
  it('finds &= ~F, x = y & ~F and a masked GUP flag argument', () => {
    const f = fragment('a.c', ['@@ -1,1 +1,4 @@ int f(void)', ' {', '+\tgup_flags &= ~FOLL_LONGTERM;',
      '+\tother = gup_flags & ~(FOLL_LONGTERM | FOLL_FORCE);', '+\tpin_user_pages_fast(a, n, flags & ~FOLL_LONGTERM, p);']);
    expect(addedFlagClears(f, 'FOLL_LONGTERM').map((c) => c.line.newLine)).toEqual([2, 3, 4]);
  });

  it('ignores validity masks in conditions and context lines', () => {
    const f = fragment('a.c', ['@@ -1,2 +1,3 @@ int f(void)', ' \tgup_flags &= ~FOLL_LONGTERM;',
      '+\tif (WARN_ON(gup_flags & ~(FOLL_WRITE | FOLL_LONGTERM)))', ' \t\treturn -EINVAL;']);
    expect(addedFlagClears(f, 'FOLL_LONGTERM')).toEqual([]);
  });
});

describe('pinRetriesWithout', () => {
  const retry = (cond: string, flags: string) => fragment('a.c', ['@@ -1,1 +1,4 @@ int f(void)',
    ' \tret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);',
    `+\tif (${cond})`, `+\t\tret = pin_user_pages_fast(addr, n, ${flags}, pages);`, '+\treturn ret;']);

  it('finds a re-pin of the same start address under a failure test', () => {
    const [r] = pinRetriesWithout(retry('ret == -EOPNOTSUPP', 'FOLL_WRITE'), 'FOLL_LONGTERM');
    expect(r?.firstCarries).toBe('yes');
    expect(pinRetriesWithout(retry('ret < 0', 'FOLL_WRITE'), 'FOLL_LONGTERM')).toHaveLength(1);
  });

  it('ignores a second pin that keeps the flag or is not guarded by the first result', () => {
    expect(pinRetriesWithout(retry('ret == -EOPNOTSUPP', 'FOLL_LONGTERM'), 'FOLL_LONGTERM')).toEqual([]);
    expect(pinRetriesWithout(retry('mm != current->mm', 'FOLL_WRITE'), 'FOLL_LONGTERM')).toEqual([]);
  });
});

describe('addedBypassFlags', () => {
  it('flags a new FOLL_ flag that lets a pin through a long-term gate', () => {
    const f = fragment('mm/gup.c', ['@@ -1,1 +1,3 @@ static bool writable_file_mapping_allowed(struct vm_area_struct *vma,',
      ' {', '+\tif (gup_flags & FOLL_LEGACY_HACK)', '+\t\treturn true;']);
    expect(addedBypassFlags(f).map((b) => b.flag)).toEqual(['FOLL_LEGACY_HACK']);
  });

  it('accepts known flags, refusals and code outside the gates', () => {
    const gate = fragment('mm/gup.c', ['@@ -1,1 +1,5 @@ static int check_vma_flags(struct vm_area_struct *vma, unsigned long gup_flags)',
      ' {', '+\tif (gup_flags & FOLL_NEW_STRICT)', '+\t\treturn -EOPNOTSUPP;', '+\tif (gup_flags & FOLL_ANON)', '+\t\treturn 0;']);
    expect(addedBypassFlags(gate)).toEqual([]);
    const bool = fragment('mm/gup.c', ['@@ -1,1 +1,3 @@ static bool is_valid_gup_args(struct page **pages, int *locked,',
      ' {', '+\tif (WARN_ON_ONCE(gup_flags & FOLL_NEW_INTERNAL))', '+\t\treturn false;']);
    expect(addedBypassFlags(bool)).toEqual([]);
    const other = fragment('mm/gup.c', ['@@ -1,1 +1,3 @@ static long __get_user_pages(struct mm_struct *mm,',
      ' {', '+\tif (gup_flags & FOLL_LEGACY_HACK)', '+\t\treturn 0;']);
    expect(addedBypassFlags(other)).toEqual([]);
  });
});
