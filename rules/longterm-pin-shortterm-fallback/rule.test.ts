import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const mail = (subject: string, diff: string[], body?: string): string =>
  inlineMail({
    subject: `[PATCH] ${subject}`,
    date: 'Mon, 2 Jun 2025 10:00:00 +0000',
    diff,
    ...(body === undefined ? {} : { body }),
  });

const file = (path: string): string[] => [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];

ruleTester.run(rule, {
  valid: [
    // kb row 21: FOLL_WRITE removed, FOLL_LONGTERM kept (naive FP: the removed line contains FOLL_LONGTERM)
    'valid/kb21-kvm-sev-v2-drop-foll-write-for-encrypted-region.eml',
    // kb row 12: FOLL_LONGTERM moves from the call into the gup_flags initialiser two hunks up
    'valid/kb12-rdma-umem-remove-foll-force-usage.eml',
    // kb row 7: get_user_pages(…FOLL_LONGTERM…) replaced by get_user_pages_remote(…FOLL_LONGTERM…)
    'valid/kb07-vfio-fix-foll-longterm-use-simplify-gup-remote.eml',
    // kb row 20 shape: the flag proposal and the SEV hunk only in quoted (">") reply text
    'valid/01-reply-quoting-legacy-flag-diff.eml',
    // the pin moves into a new helper that still passes FOLL_LONGTERM
    'valid/02-flags-moved-into-helper.patch',
    {
      name: 'the flag moves to the caller in another file of the patch',
      mail: mail('media: pass FOLL_LONGTERM from the callers of the frame-vector helper', [
        ...file('drivers/media/common/videobuf2/frame_vector.c'),
        '@@ -40,3 +40,3 @@ int get_vaddr_frames(unsigned long start, unsigned int nr_frames, unsigned int gup_flags,',
        ' 	start = untagged_addr(start);',
        '-	ret = pin_user_pages_fast(start, nr_frames, gup_flags | FOLL_LONGTERM, (struct page **)(vec->ptrs));',
        '+	ret = pin_user_pages_fast(start, nr_frames, gup_flags, (struct page **)(vec->ptrs));',
        ' 	if (ret > 0) {',
        ...file('drivers/media/common/videobuf2/videobuf2-memops.c'),
        '@@ -50,3 +50,3 @@ struct frame_vector *vb2_create_framevec(unsigned long start,',
        ' 	vec = frame_vector_create(nr);',
        '-	ret = get_vaddr_frames(start & PAGE_MASK, nr, FOLL_WRITE, vec);',
        '+	ret = get_vaddr_frames(start & PAGE_MASK, nr, FOLL_WRITE | FOLL_LONGTERM, vec);',
        ' 	if (ret < 0)',
      ]),
    },
    {
      name: 'a validity mask in a condition is not a clear',
      mail: mail('iommufd: check gup flags', [
        ...file('drivers/iommu/iommufd/pages.c'),
        '@@ -700,3 +700,5 @@ static int pfn_reader_user_pin(struct pfn_reader_user *user,',
        ' \tlong rc;',
        '+\tif (WARN_ON(user->gup_flags & ~(FOLL_WRITE | FOLL_LONGTERM)))',
        '+\t\treturn -EINVAL;',
        ' ',
        ' \tif (!user->upages) {',
      ]),
    },
    {
      name: 'the pin goes away entirely (conversion to an MMU-notifier mirror)',
      mail: mail('drm/demo: mirror userptr with hmm_range_fault instead of pinning', [
        ...file('drivers/gpu/drm/demo/demo_userptr.c'),
        '@@ -80,4 +80,4 @@ static int demo_userptr_get_pages(struct demo_bo *bo)',
        ' \tmmap_read_lock(mm);',
        '-\tret = pin_user_pages(bo->start, bo->npages, FOLL_WRITE | FOLL_LONGTERM, bo->pages);',
        '+\tret = hmm_range_fault(&range);',
        ' \tmmap_read_unlock(mm);',
      ]),
    },
    {
      name: 'a KVM fault path is short-term: removing FOLL_LONGTERM there is the fix',
      mail: mail(
        'KVM: do not request long-term pins when faulting guest memory',
        [
          ...file('virt/kvm/kvm_main.c'),
          '@@ -2800,3 +2800,3 @@ static int hva_to_pfn_slow(struct kvm_follow_pfn *kfp, kvm_pfn_t *pfn)',
          ' \tstruct page *page;',
          '-\tunsigned int flags = FOLL_HWPOISON | FOLL_LONGTERM;',
          '+\tunsigned int flags = FOLL_HWPOISON;',
          ' \tint npages;',
        ],
        'KVM mappings follow the primary MMU through MMU notifiers; these pins are short-term.',
      ),
    },
    {
      name: 'outside the site table, a commit that explains the short-term nature is believed',
      mail: mail(
        'misc/demo: the copy pin is short-term',
        [
          ...file('drivers/misc/demo/demo_copy.c'),
          '@@ -40,3 +40,3 @@ static int demo_copy_from_user_pages(struct demo_dev *d, unsigned long uaddr)',
          ' \tint ret;',
          '-\tret = pin_user_pages_fast(uaddr, 1, FOLL_LONGTERM, &page);',
          '+\tret = pin_user_pages_fast(uaddr, 1, 0, &page);',
          ' \tif (ret != 1)',
        ],
        'The page is unpinned before the ioctl returns: this is a short-term pin, FOLL_LONGTERM was wrong.',
      ),
    },
    {
      name: 'local pin with FOLL_LONGTERM and remote pin in the else branch (v5.2-v5.5 vfio) is not a retry',
      mail: mail('vfio: tidy vaddr_get_pfn', [
        ...file('drivers/vfio/vfio_iommu_type1.c'),
        '@@ -330,8 +330,8 @@ static int vaddr_get_pfn(struct mm_struct *mm, unsigned long vaddr,',
        ' \tdown_read(&mm->mmap_sem);',
        ' \tif (mm == current->mm) {',
        '-\t\tret = get_user_pages(vaddr, 1, flags | FOLL_LONGTERM, page, vmas);',
        '+\t\tret = get_user_pages(vaddr, 1, flags | FOLL_LONGTERM, page,',
        '+\t\t\t\t     vmas);',
        ' \t} else {',
        '-\t\tret = get_user_pages_remote(NULL, mm, vaddr, 1, flags, page, vmas, NULL);',
        '+\t\tret = get_user_pages_remote(NULL, mm, vaddr, 1, flags, page,',
        '+\t\t\t\t\t    vmas, NULL);',
        ' \t}',
      ]),
    },
    {
      name: 'a new GUP flag that adds a refusal is not a bypass',
      mail: mail('mm/gup: refuse FOLL_DEMO_STRICT pins of device memory', [
        ...file('mm/gup.c'),
        '@@ -1100,3 +1100,6 @@ static int check_vma_flags(struct vm_area_struct *vma, unsigned long gup_flags)',
        ' \tif ((gup_flags & FOLL_LONGTERM) && vma_is_fsdax(vma))',
        ' \t\treturn -EOPNOTSUPP;',
        '+\tif ((gup_flags & FOLL_DEMO_STRICT) && (vma->vm_flags & VM_IO))',
        '+\t\treturn -EOPNOTSUPP;',
        '+',
        ' \tif (vma_is_secretmem(vma))',
      ]),
    },
  ],
  invalid: [
    // kb row 19: the SEV registration drops FOLL_LONGTERM from sev_pin_memory()'s flags
    'invalid/kb19-kvm-sev-drop-foll-longterm-for-encrypted-region.eml',
    {
      fixture: 'invalid/02-umem-retry-without-longterm.patch',
      errors: [{ messageId: 'retry', file: 'drivers/infiniband/core/umem.c', line: 224 }],
    },
    {
      fixture: 'invalid/03-vdpa-mask-longterm-for-file-backed.patch',
      errors: [{ messageId: 'cleared', file: 'drivers/vhost/vdpa.c', line: 1094 }],
    },
    {
      fixture: 'invalid/04-gup-legacy-flag-skips-file-checks.patch',
      errors: [{ messageId: 'bypassFlag', file: 'mm/gup.c', line: 1193 }],
    },
    {
      name: 'get → pin conversion that loses FOLL_LONGTERM on the way (callee changes)',
      mail: mail('vfio/type1: use pin_user_pages_remote', [
        ...file('drivers/vfio/vfio_iommu_type1.c'),
        '@@ -580,3 +580,3 @@ static long vaddr_get_pfns(struct mm_struct *mm, unsigned long vaddr,',
        ' \tmmap_read_lock(mm);',
        '-\tret = get_user_pages_remote(mm, vaddr, npages, flags | FOLL_LONGTERM, pages, NULL);',
        '+\tret = pin_user_pages_remote(mm, vaddr, npages, flags, pages, NULL);',
        ' \tif (ret > 0) {',
      ]),
      errors: [{ messageId: 'dropped', file: 'drivers/vfio/vfio_iommu_type1.c', line: 581 }],
    },
    {
      name: "the flag variable's initialiser loses FOLL_LONGTERM",
      mail: mail('xsk: pin umem pages writable only', [
        ...file('net/xdp/xdp_umem.c'),
        '@@ -100,4 +100,4 @@ static int xdp_umem_pin_pages(struct xdp_umem *umem, unsigned long address)',
        '-\tunsigned int gup_flags = FOLL_WRITE | FOLL_LONGTERM;',
        '+\tunsigned int gup_flags = FOLL_WRITE;',
        ' \tlong npgs;',
        ' \tint err;',
        ' ',
      ]),
      errors: [{ messageId: 'dropped', file: 'net/xdp/xdp_umem.c', line: 100 }],
    },
  ],
});
