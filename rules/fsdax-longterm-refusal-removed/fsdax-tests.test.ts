import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { isGupRefusal, removedFsdaxTests, weakenedVmaIsFsdax } from './fsdax-tests.js';

const diff = (...files: [string, string[]][]) =>
  parseDiff(files.flatMap(([p, h]) => [`diff --git a/${p} b/${p}`, `--- a/${p}`, `+++ b/${p}`, ...h]).join('\n'));

const CHECK_VMA_FLAGS = [
  '@@ -1055,6 +1055,3 @@ static int check_vma_flags(struct vm_area_struct *vma, unsigned long gup_flags)',
  ' \tif (gup_flags & FOLL_ANON && !vma_is_anonymous(vma))',
  ' \t\treturn -EFAULT;',
  ' ',
  '-\tif ((gup_flags & FOLL_LONGTERM) && vma_is_fsdax(vma))',
  '-\t\treturn -EOPNOTSUPP;',
  '-',
];

describe('removedFsdaxTests', () => {
  it('finds the check_vma_flags() test removed (kb row 14)', () => {
    const [r] = removedFsdaxTests(diff(['mm/gup.c', CHECK_VMA_FLAGS]));
    expect([r?.site.call.name, r?.line.fn, r?.line.oldLine]).toEqual(['vma_is_fsdax', 'check_vma_flags', 1058]);
    expect(isGupRefusal('mm/gup.c', 'check_vma_flags')).toBe(true);
    expect(isGupRefusal('include/linux/mm.h', 'folio_is_longterm_pinnable')).toBe(true);
    expect(isGupRefusal('include/linux/mm.h', 'vma_is_anonymous')).toBe(false);
  });

  it("treats a test added back in GUP's files as a move", () => {
    const moved = diff(
      ['mm/gup.c', CHECK_VMA_FLAGS],
      [
        'include/linux/mm.h',
        [
          '@@ -2109,2 +2109,4 @@ static inline bool folio_is_longterm_pinnable(struct folio *folio)',
          ' \tif (folio_is_device_coherent(folio))',
          ' \t\treturn false;',
          '+\tif (folio_is_fsdax(folio))',
          '+\t\treturn false;',
        ],
      ],
    );
    expect(removedFsdaxTests(moved)).toEqual([]);
  });

  it('ignores definitions and comments', () => {
    expect(
      removedFsdaxTests(
        diff([
          'include/linux/fs.h',
          [
            '@@ -1,2 +1,1 @@',
            '-static inline bool vma_is_fsdax(struct vm_area_struct *vma);',
            '-/* vma_is_fsdax(vma) refuses */',
            ' int x;',
          ],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('weakenedVmaIsFsdax', () => {
  const fsh = (hunk: string[]) =>
    diff([
      'include/linux/fs.h',
      ['@@ -3200,7 +3200,7 @@ static inline bool vma_is_fsdax(struct vm_area_struct *vma)', ...hunk],
    ])[0]!;

  it('reports a vma_is_fsdax() that stops testing for DAX', () => {
    expect(
      weakenedVmaIsFsdax(fsh(['-\tif (!vma_is_dax(vma))', '-\t\treturn false;', '+\treturn false;', ' }']))?.newLine,
    ).toBe(3200);
  });

  it('accepts the S_ISCHR device-dax fix', () => {
    expect(
      weakenedVmaIsFsdax(
        fsh([
          ' \tif (!vma_is_dax(vma))',
          ' \t\treturn false;',
          '-\tif (inode->i_mode == S_IFCHR)',
          '+\tif (S_ISCHR(inode->i_mode))',
          ' \t\treturn false; /* device-dax */',
        ]),
      ),
    ).toBeNull();
  });
});
