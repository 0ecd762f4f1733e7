import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { buildFragment } from '../../src/c/fragment.js';
import { addedGetReleases, swallowedPinErrors, widenedFallback } from './vfio-type1.js';

const P = 'drivers/vfio/vfio_iommu_type1.c';
const file = (hunk: string[], path = P) =>
  parseDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n'))[0]!;
const HDR = '@@ -590,4 +590,4 @@ static long vaddr_get_pfns(struct mm_struct *mm, unsigned long vaddr,';

describe('widenedFallback', () => {
  it('finds VM_MIXEDMAP admitted to the pfnmap fallback', () => {
    const f = file([
      HDR,
      ' \tvma = vma_lookup(mm, vaddr);',
      '-\tif (vma && vma->vm_flags & VM_PFNMAP) {',
      '+\tif (vma && vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) {',
      ' \t\tret = follow_fault_pfn(vma, mm, vaddr, pfn, write);',
    ]);
    expect(widenedFallback(buildFragment(f, 'old'), buildFragment(f, 'new')).map((l) => l.newLine)).toEqual([591]);
  });

  it('finds a fallback that no longer tests VM_PFNMAP, and accepts one that keeps it', () => {
    const gone = file([
      HDR,
      ' \tvma = vma_lookup(mm, vaddr);',
      '-\tif (vma && vma->vm_flags & VM_PFNMAP) {',
      '+\tif (vma) {',
      ' \t\tret = follow_fault_pfn(vma, mm, vaddr, pfn, write);',
    ]);
    expect(widenedFallback(buildFragment(gone, 'old'), buildFragment(gone, 'new'))).toHaveLength(1);
    const kept = file([
      HDR,
      ' \tvma = vma_lookup(mm, vaddr);',
      '-\tif (vma && vma->vm_flags & VM_PFNMAP) {',
      '+\tif (vma && (vma->vm_flags & VM_PFNMAP)) {',
      ' \t\tret = follow_fault_pfn(vma, mm, vaddr, pfn, write);',
    ]);
    expect(widenedFallback(buildFragment(kept, 'old'), buildFragment(kept, 'new'))).toEqual([]);
  });
});

describe('swallowedPinErrors and addedGetReleases', () => {
  it('finds an -EOPNOTSUPP turned into 0 outside the VM_PFNMAP branch', () => {
    const f = buildFragment(file([HDR, ' \t}', '+\tif (ret == -EOPNOTSUPP)', '+\t\tret = 0;', ' retry:']), 'new');
    expect(swallowedPinErrors(f).map((l) => l.newLine)).toEqual([592]);
  });

  it('accepts success for reserved pfns inside the VM_PFNMAP branch', () => {
    const f = buildFragment(
      file([
        HDR,
        ' \tif (vma && vma->vm_flags & VM_PFNMAP) {',
        ' \t\tif (!ret) {',
        '+\t\t\tif (is_invalid_reserved_pfn(*pfn) || ret == -EFAULT)',
        '+\t\t\t\tret = 0;',
      ]),
      'new',
    );
    expect(swallowedPinErrors(f)).toEqual([]);
  });

  it('lists added put_page() calls', () => {
    const f = buildFragment(
      file([
        '@@ -477,2 +477,2 @@ static int put_pfn(unsigned long pfn, int prot)',
        '-\t\tunpin_user_pages_dirty_lock(&page, 1, prot & IOMMU_WRITE);',
        '+\t\tput_page(page);',
        ' \t\treturn 1;',
      ]),
      'new',
    );
    expect(addedGetReleases(f).map((s) => s.fn)).toEqual(['put_pfn']);
  });
});
