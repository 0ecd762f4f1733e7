import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { symbolAt } from './finding-symbol.js';

const DIFF = [
  'diff --git a/drivers/vfio/vfio_iommu_type1.c b/drivers/vfio/vfio_iommu_type1.c',
  '--- a/drivers/vfio/vfio_iommu_type1.c',
  '+++ b/drivers/vfio/vfio_iommu_type1.c',
  '@@ -500,7 +500,7 @@ static int vaddr_get_pfn(struct mm_struct *mm, unsigned long vaddr,',
  ' \tint ret;',
  ' ',
  '-\tret = pin_user_pages_remote(mm, vaddr, 1, flags | FOLL_LONGTERM, page, NULL);',
  '+\tret = pin_user_pages_remote(mm, vaddr, 1, flags, page, NULL);',
  ' \tif (ret == 1) {',
  ' \t\t*pfn = page_to_pfn(page[0]);',
  ' \t\tret = 0;',
  '@@ -600,3 +600,9 @@ static int vfio_pin_page_external(struct vfio_dma *dma,',
  ' }',
  ' ',
  '+static long vfio_pin_pages_fast(unsigned long vaddr, long npages, struct page **pages)',
  '+{',
  '+\treturn pin_user_pages_fast(vaddr, npages, 0, pages);',
  '+}',
  '+',
  '+static int after;',
  ' static int vfio_unpin_page_external(struct vfio_dma *dma, dma_addr_t iova,',
  '',
].join('\n');

describe('symbolAt', () => {
  const diff = parseDiff(DIFF);
  const file = 'drivers/vfio/vfio_iommu_type1.c';

  it('names the function of an added line from the hunk header, and of a removed line on the old side', () => {
    expect(symbolAt(diff, file, 502, 'new')).toBe('vaddr_get_pfn');
    expect(symbolAt(diff, file, 502, 'old')).toBe('vaddr_get_pfn');
  });

  it('follows a definition the hunk itself adds, and knows top level from inside a function', () => {
    expect(symbolAt(diff, file, 604, 'new')).toBe('vfio_pin_pages_fast');
    expect(symbolAt(diff, file, 607, 'new')).toBeNull();
  });

  it('is null without a file or line, for another file and for a line the diff does not show', () => {
    expect(symbolAt(diff, null, 502, 'new')).toBeNull();
    expect(symbolAt(diff, file, null, 'new')).toBeNull();
    expect(symbolAt(diff, 'mm/gup.c', 502, 'new')).toBeNull();
    expect(symbolAt(diff, file, 900, 'new')).toBeNull();
  });
});
