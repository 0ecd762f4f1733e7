import { describe, expect, it } from 'vitest';
import { buildFragment } from '../../src/c/fragment.js';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { addedBypassFlags } from './gup-bypass.js';

const fragment = (path: string, hunk: string[]) =>
  buildFragment(
    parseDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n'))[0]!,
    'new',
  );

describe('addedBypassFlags', () => {
  it('flags a new FOLL_ flag that lets a pin through a long-term gate', () => {
    const f = fragment('mm/gup.c', [
      '@@ -1,1 +1,3 @@ static bool writable_file_mapping_allowed(struct vm_area_struct *vma,',
      ' {',
      '+\tif (gup_flags & FOLL_LEGACY_HACK)',
      '+\t\treturn true;',
    ]);
    expect(addedBypassFlags(f).map((b) => b.flag)).toEqual(['FOLL_LEGACY_HACK']);
  });

  it('accepts known flags, refusals and code outside the gates', () => {
    const gate = fragment('mm/gup.c', [
      '@@ -1,1 +1,5 @@ static int check_vma_flags(struct vm_area_struct *vma, unsigned long gup_flags)',
      ' {',
      '+\tif (gup_flags & FOLL_NEW_STRICT)',
      '+\t\treturn -EOPNOTSUPP;',
      '+\tif (gup_flags & FOLL_ANON)',
      '+\t\treturn 0;',
    ]);
    expect(addedBypassFlags(gate)).toEqual([]);
    const bool = fragment('mm/gup.c', [
      '@@ -1,1 +1,3 @@ static bool is_valid_gup_args(struct page **pages, int *locked,',
      ' {',
      '+\tif (WARN_ON_ONCE(gup_flags & FOLL_NEW_INTERNAL))',
      '+\t\treturn false;',
    ]);
    expect(addedBypassFlags(bool)).toEqual([]);
    const other = fragment('mm/gup.c', [
      '@@ -1,1 +1,3 @@ static long __get_user_pages(struct mm_struct *mm,',
      ' {',
      '+\tif (gup_flags & FOLL_LEGACY_HACK)',
      '+\t\treturn 0;',
    ]);
    expect(addedBypassFlags(other)).toEqual([]);
  });
});
