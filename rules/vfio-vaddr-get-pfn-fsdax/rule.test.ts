import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const VFIO = [
  'diff --git a/drivers/vfio/vfio_iommu_type1.c b/drivers/vfio/vfio_iommu_type1.c',
  '--- a/drivers/vfio/vfio_iommu_type1.c',
  '+++ b/drivers/vfio/vfio_iommu_type1.c',
];
const mail = (subject: string, date: string, hunk: string[]): string =>
  inlineMail({ subject: `[PATCH] ${subject}`, date, diff: [...VFIO, ...hunk] });

ruleTester.run(rule, {
  valid: [
    // kb rows 3, 4, 5: 94db151dc892 itself (get_user_pages_longterm + remote vma_is_fsdax check; put_page after GUP)
    'valid/kb03-vfio-disable-filesystem-dax-page-pinning-v3.eml',
    'valid/kb04-vfio-disable-filesystem-dax-page-pinning-v4.eml',
    'valid/kb05-vfio-disable-filesystem-dax-page-pinning-v5.eml',
    // kb row 7: 3567813eae5e (remote pin gains FOLL_LONGTERM, own check dropped)
    'valid/kb07-vfio-fix-foll-longterm-use-simplify-gup-remote.eml',
    // kb row 8: 19fed0dae94d (pin_user_pages_remote + put_user_pages_dirty_lock, v5.6 merge-window name)
    'valid/kb08-vfio-mm-pin-user-pages-and-put-user-page-conversion.eml',
    // real follow_pfnmap-era change to the VM_PFNMAP fallback that keeps the VM_PFNMAP condition
    'valid/01-vfio-type1-use-mapping-page-mask-for-pfnmaps.eml',
    {
      name: 'large-folio unpin batching with unpin_user_page_range_dirty_lock()',
      mail: mail('vfio/type1: unpin folios in ranges', 'Mon, 2 Jun 2025 10:00:00 +0000', [
        '@@ -800,6 +800,6 @@ static long vfio_unpin_pages_remote(struct vfio_dma *dma, dma_addr_t iova,',
        ' \tlong unlocked = 0, locked = 0;',
        ' \tlong i;',
        ' ',
        '-\tfor (i = 0; i < npage; i++, iova += PAGE_SIZE) {',
        '-\t\tif (put_pfn(pfn++, dma->prot)) {',
        '+\tfor (i = 0; i < npage; i++, iova += PAGE_SIZE) {',
        '+\t\tif (put_pfns(pfn++, 1, dma->prot)) {',
        ' \t\t\tunlocked++;',
      ]),
    },
    {
      name: 'the VM_PFNMAP fallback returning success for a reserved pfn',
      mail: mail('vfio/type1: return 0 for reserved pfnmap pfns', 'Mon, 2 Jun 2025 10:00:00 +0000', [
        '@@ -596,7 +596,7 @@ static long vaddr_get_pfns(struct mm_struct *mm, unsigned long vaddr,',
        ' \tif (vma && vma->vm_flags & VM_PFNMAP) {',
        ' \t\tret = follow_fault_pfn(vma, mm, vaddr, pfn, prot & IOMMU_WRITE);',
        ' \t\tif (!ret) {',
        '-\t\t\tif (is_invalid_reserved_pfn(*pfn))',
        '+\t\t\tif (is_invalid_reserved_pfn(*pfn) || ret == -EFAULT)',
        '+\t\t\t\tret = 0;',
        ' \t\t\telse',
      ]),
    },
    {
      name: 'a new batched pin that keeps FOLL_LONGTERM (4d83de6da265 shape)',
      mail: mail('vfio/type1: batch page pinning', 'Fri, 19 Feb 2021 10:00:00 +0000', [
        '@@ -440,6 +440,6 @@ static int vaddr_get_pfns(struct mm_struct *mm, unsigned long vaddr,',
        ' \tif (prot & IOMMU_WRITE)',
        ' \t\tflags |= FOLL_WRITE;',
        ' ',
        ' \tmmap_read_lock(mm);',
        '-\tret = pin_user_pages_remote(mm, vaddr, 1, flags | FOLL_LONGTERM, page, NULL, NULL);',
        '+\tret = pin_user_pages_remote(mm, vaddr, npages, flags | FOLL_LONGTERM, pages, NULL, NULL);',
      ]),
    },
    {
      name: 'before v5.6: an existing remote pin changes, its fs-dax check lies below the hunk',
      mail: mail('vfio/type1: pass the pages array to the remote pin', 'Tue, 5 Nov 2019 10:00:00 +0000', [
        '@@ -352,5 +352,5 @@ static int vaddr_get_pfn(struct mm_struct *mm, unsigned long vaddr,',
        ' 		down_read(&mm->mmap_sem);',
        '-		ret = get_user_pages_remote(NULL, mm, vaddr, 1, flags, page, vmas, NULL);',
        '+		ret = get_user_pages_remote(NULL, mm, vaddr, 1, flags, pages, vmas, NULL);',
        ' 		/*',
        ' 		 * The lifetime of a vaddr_get_pfn() page pin is',
      ]),
    },
    {
      name: 'locked-memory accounting only',
      mail: mail('vfio/type1: account locked memory once', 'Mon, 2 Jun 2025 10:00:00 +0000', [
        '@@ -700,3 +700,3 @@ static long vfio_pin_pages_remote(struct vfio_dma *dma, unsigned long vaddr,',
        ' \tif (!dma->lock_cap && mm->locked_vm + lock_acct > limit) {',
        '-\t\tret = vfio_lock_acct(dma, lock_acct, false);',
        '+\t\tret = vfio_lock_acct(dma, lock_acct, true);',
        ' \t}',
      ]),
    },
  ],
  invalid: [
    {
      fixture: 'invalid/01-vaddr-get-pfns-drops-longterm.patch',
      errors: [{ messageId: 'missingLongterm', file: 'drivers/vfio/vfio_iommu_type1.c', line: 580 }],
    },
    {
      fixture: 'invalid/02-fallback-admits-mixedmap.patch',
      errors: [{ messageId: 'fallbackWidened', file: 'drivers/vfio/vfio_iommu_type1.c', line: 593 }],
    },
    {
      fixture: 'invalid/03-put-pfn-uses-put-page.patch',
      errors: [{ messageId: 'putPageAfterPin', file: 'drivers/vfio/vfio_iommu_type1.c', line: 482 }],
    },
    {
      fixture: 'invalid/04-eopnotsupp-treated-as-reserved.patch',
      errors: [{ messageId: 'errorSwallowed', file: 'drivers/vfio/vfio_iommu_type1.c', line: 590 }],
    },
    {
      name: 'v4.16-v5.1: the local pin goes back to get_user_pages_fast()',
      mail: mail('vfio/type1: use the fast GUP path again', 'Mon, 4 Jun 2018 10:00:00 +0000', [
        '@@ -343,4 +343,4 @@ static int vaddr_get_pfn(struct mm_struct *mm, unsigned long vaddr,',
        ' \tif (mm == current->mm) {',
        '-\t\tret = get_user_pages_longterm(vaddr, 1, !!(prot & IOMMU_WRITE), page, vmas);',
        '+\t\tret = get_user_pages_fast(vaddr, 1, !!(prot & IOMMU_WRITE), page);',
        ' \t} else {',
        ' \t\tunsigned int flags = 0;',
      ]),
      errors: [{ messageId: 'plainGup', file: 'drivers/vfio/vfio_iommu_type1.c', line: 344 }],
    },
    {
      name: 'before v5.6: a new remote pin without the vmas-based fs-dax check',
      mail: mail('vfio/type1: pin external pages of another process', 'Tue, 5 Nov 2019 10:00:00 +0000', [
        '@@ -600,3 +600,6 @@ static int vfio_pin_page_external(struct vfio_dma *dma, unsigned long vaddr,',
        ' \tif (!mm)',
        ' \t\treturn -ENODEV;',
        '+\tdown_read(&mm->mmap_sem);',
        '+\tret = get_user_pages_remote(NULL, mm, vaddr, 1, FOLL_WRITE, page, NULL, NULL);',
        '+\tup_read(&mm->mmap_sem);',
        ' \tif (ret == 1) {',
      ]),
      errors: [{ messageId: 'remoteWithoutCheck', file: 'drivers/vfio/vfio_iommu_type1.c', line: 603 }],
    },
  ],
});
