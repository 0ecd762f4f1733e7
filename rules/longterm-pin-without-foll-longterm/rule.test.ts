import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const mail = (subject: string, date: string, diff: string): string =>
  inlineMail({ subject: `[PATCH] ${subject}`, date, diff });

ruleTester.run(rule, {
  valid: [
    // kb row 5: v4.16 vfio, get_user_pages_remote() + vma_is_fsdax() is the long-term form of its era
    'valid/kb05-vfio-disable-filesystem-dax-page-pinning-v5.eml',
    // kb row 6: get_user_pages_longterm() → get_user_pages(…FOLL_LONGTERM); removed lines and mm/gup.c itself
    'valid/kb06-mm-gup-replace-get-user-pages-longterm-with-foll-longterm.eml',
    'valid/kb07-vfio-fix-foll-longterm-use-simplify-gup-remote.eml',
    // kb row 10: the fix for row 9 (flag added to the gup_flags initialiser)
    'valid/kb10-mm-frame-vec-use-foll-longterm.eml',
    // kb row 12: naive FP, the call loses the literal FOLL_LONGTERM to a gup_flags initialiser two hunks up
    'valid/kb12-rdma-umem-remove-foll-force-usage.eml',
    'valid/kb13-io-uring-rsrc-delegate-vma-file-backed-check-to-gup.eml',
    // kb row 18: naive FP, FOLL_PIN without FOLL_LONGTERM in KVM is intended (case 5)
    'valid/kb18-kvm-pin-pages-during-kvm-vcpu-map.eml',
    // kb rows 19 and 21: FOLL_LONGTERM removed / re-added on a wrapper: longterm-pin-shortterm-fallback's business
    'valid/kb19-kvm-sev-drop-foll-longterm-for-encrypted-region.eml',
    'valid/kb21-kvm-sev-v2-drop-foll-write-for-encrypted-region.eml',
    'valid/01-moved-call-keeps-flags.patch',
    'valid/02-flags-from-local-initialiser.patch',
    'valid/03-iommufd-flags-in-struct-member.patch',
    {
      name: 'a call written in an added comment is not a call',
      mail: mail(
        'vfio: document the pin',
        'Mon, 1 Jul 2024 10:00:00 +0000',
        [
          'diff --git a/drivers/vfio/vfio_iommu_type1.c b/drivers/vfio/vfio_iommu_type1.c',
          '--- a/drivers/vfio/vfio_iommu_type1.c',
          '+++ b/drivers/vfio/vfio_iommu_type1.c',
          '@@ -570,3 +570,6 @@ static long vaddr_get_pfns(struct mm_struct *mm, unsigned long vaddr,',
          ' {',
          '+	/*',
          '+	 * Never pin_user_pages_remote(mm, vaddr, npages, flags, pages, NULL) here.',
          '+	 */',
          ' 	long ret;',
          ' ',
        ].join('\n'),
      ),
    },
    {
      name: 'direct I/O pins are short-term even inside a *_register function name',
      mail: mail(
        'iomap: pin for direct I/O',
        'Mon, 1 Jul 2024 10:00:00 +0000',
        [
          'diff --git a/fs/iomap/direct-io.c b/fs/iomap/direct-io.c',
          '--- a/fs/iomap/direct-io.c',
          '+++ b/fs/iomap/direct-io.c',
          '@@ -100,2 +100,3 @@ static int iomap_dio_register_pages(struct iomap_dio *dio)',
          ' {',
          '+	ret = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);',
          ' }',
        ].join('\n'),
      ),
    },
    {
      name: 'a registration-looking name with a flag parameter is not judged',
      mail: mail(
        'kvm: sev: pin in sev_pin_memory',
        'Mon, 1 Jul 2024 10:00:00 +0000',
        [
          'diff --git a/arch/x86/kvm/svm/sev.c b/arch/x86/kvm/svm/sev.c',
          '--- a/arch/x86/kvm/svm/sev.c',
          '+++ b/arch/x86/kvm/svm/sev.c',
          '@@ -640,1 +640,2 @@ static struct page **sev_pin_memory(struct kvm *kvm, unsigned long uaddr,',
          '+	npinned = pin_user_pages_fast(uaddr, npages, flags, pages);',
          ' 	if (npinned != npages) {',
        ].join('\n'),
      ),
    },
    {
      name: 'before v5.6 a remote pin could not ask for FOLL_LONGTERM (vfio checked vma_is_fsdax itself)',
      mail: mail(
        'vfio: pass vmas to get_user_pages_remote',
        'Tue, 3 Sep 2019 10:00:00 +0000',
        [
          'diff --git a/drivers/vfio/vfio_iommu_type1.c b/drivers/vfio/vfio_iommu_type1.c',
          '--- a/drivers/vfio/vfio_iommu_type1.c',
          '+++ b/drivers/vfio/vfio_iommu_type1.c',
          '@@ -351,3 +351,3 @@ static int vaddr_get_pfn(struct mm_struct *mm, unsigned long vaddr,',
          ' 		down_read(&mm->mmap_sem);',
          '-		ret = get_user_pages_remote(NULL, mm, vaddr, 1, write ? FOLL_WRITE : 0, page, NULL, NULL);',
          '+		ret = get_user_pages_remote(NULL, mm, vaddr, 1, flags, page, vmas, NULL);',
          ' 		up_read(&mm->mmap_sem);',
        ].join('\n'),
      ),
    },
  ],
  invalid: [
    // kb row 9 (merged as 55a650c35fea): get → pin conversion of a long-term frame vector, flags lack FOLL_LONGTERM
    {
      fixture: 'invalid/01-frame-vector-convert-to-pin-user-pages.eml',
      errors: [{ messageId: 'missing', file: 'mm/frame_vector.c', line: 75 }],
    },
    // v2 of the same patch, the version that was merged
    'invalid/02-frame-vector-convert-to-pin-user-pages-v2.eml',
    {
      fixture: 'invalid/03-userptr-pin-with-foll-force.patch',
      errors: [{ messageId: 'forceWithoutLongterm', file: 'drivers/accel/demo/demo_userptr.c', line: 50 }],
    },
    {
      fixture: 'invalid/04-usnic-plain-gup-before-v5-2.patch',
      errors: [{ messageId: 'missingLongtermApi', file: 'drivers/infiniband/hw/usnic/usnic_uiom.c', line: 144 }],
    },
    {
      fixture: 'invalid/05-vfio-new-pin-helper-without-longterm.patch',
      errors: [{ messageId: 'missing', file: 'drivers/vfio/vfio_iommu_type1.c', line: 612 }],
    },
    {
      name: 'FOLL_FORCE added to the flag variable of an unchanged long-term pin',
      mail: mail(
        'RDMA/umem: force read-only pins',
        'Mon, 1 Jul 2024 10:00:00 +0000',
        [
          'diff --git a/drivers/infiniband/core/umem.c b/drivers/infiniband/core/umem.c',
          '--- a/drivers/infiniband/core/umem.c',
          '+++ b/drivers/infiniband/core/umem.c',
          '@@ -156,4 +156,6 @@ struct ib_umem *ib_umem_get(struct ib_device *device, unsigned long addr,',
          ' 	unsigned int gup_flags = FOLL_WRITE;',
          '+	if (!umem->writable)',
          '+		gup_flags |= FOLL_FORCE;',
          ' 	pinned = pin_user_pages_fast(cur_base, npages,',
          ' 				     gup_flags, page_list);',
          ' 	if (pinned < 0) {',
        ].join('\n'),
      ),
      errors: [{ messageId: 'forceWithoutLongterm', file: 'drivers/infiniband/core/umem.c', line: 159 }],
    },
  ],
});
