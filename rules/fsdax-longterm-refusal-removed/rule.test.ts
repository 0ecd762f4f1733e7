import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const mail = (subject: string, date: string, diff: string[]): string =>
  inlineMail({ subject: `[PATCH] ${subject}`, date, diff });
const file = (path: string): string[] => [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];

ruleTester.run(rule, {
  valid: [
    // kb row 7: vfio drops its own check because get_user_pages_remote() now gets FOLL_LONGTERM (same series)
    'valid/kb07-vfio-fix-foll-longterm-use-simplify-gup-remote.eml',
    // kb row 13: io_uring delegates its file-backed vma test to GUP (no fs-dax predicate removed)
    'valid/kb13-io-uring-rsrc-delegate-vma-file-backed-check-to-gup.eml',
    // kb row 22: strengthens the refusal (adds folio_is_fsdax() to folio_is_longterm_pinnable())
    'valid/kb22-mm-gup-dont-allow-foll-longterm-pinning-of-fs-dax-pages.eml',
    // kb row 23: 2025 devmap removal on a v6.15+ tree (naive FP: deletes FOLL_LONGTERM devmap refusals)
    'valid/kb23-mm-gup-remove-pxx-devmap-usage-from-get-user-pages.eml',
    // kb row 6: get_user_pages_longterm()'s vma walk moves into check_dax_vmas() (test moved, not removed)
    'valid/kb06-mm-gup-replace-get-user-pages-longterm-with-foll-longterm.eml',
    {
      name: 'the check moves from a helper into check_vma_flags() (52650c8b466b shape)',
      mail: mail('mm/gup: remove the vma allocation from gup_longterm_locked()', 'Mon, 5 Oct 2020 10:00:00 +0000', [
        ...file('mm/gup.c'),
        '@@ -900,3 +900,6 @@ static int check_vma_flags(struct vm_area_struct *vma, unsigned long gup_flags)',
        ' \tif (gup_flags & FOLL_ANON && !vma_is_anonymous(vma))',
        ' \t\treturn -EFAULT;',
        '+\tif ((gup_flags & FOLL_LONGTERM) && vma_is_fsdax(vma))',
        '+\t\treturn -EOPNOTSUPP;',
        '+',
        ' \tif (write) {',
        '@@ -1500,12 +1503,4 @@ static bool check_dax_vmas(struct vm_area_struct **vmas, long nr_pages)',
        '-\tlong i;',
        '-\tstruct vm_area_struct *vma_prev = NULL;',
        '-\tfor (i = 0; i < nr_pages; i++) {',
        '-\t\tstruct vm_area_struct *vma = vmas[i];',
        '-\t\tif (vma == vma_prev)',
        '-\t\t\tcontinue;',
        '-\t\tvma_prev = vma;',
        '-\t\tif (vma_is_fsdax(vma))',
        '+\treturn false;',
        ' }',
        ' ',
        ' #ifdef CONFIG_CMA',
        ' static long check_and_migrate_cma_pages(struct mm_struct *mm,',
      ]),
    },
    {
      name: 'a vma_is_fsdax() fix that keeps fs-dax detection (device-dax exclusion)',
      mail: mail('dax: fix vma_is_fsdax() helper', 'Mon, 27 Nov 2017 10:00:00 +0000', [
        ...file('include/linux/fs.h'),
        '@@ -3200,7 +3200,7 @@ static inline bool vma_is_fsdax(struct vm_area_struct *vma)',
        ' \tif (!vma_is_dax(vma))',
        ' \t\treturn false;',
        ' \tinode = file_inode(vma->vm_file);',
        '-\tif (inode->i_mode == S_IFCHR)',
        '+\tif (S_ISCHR(inode->i_mode))',
        ' \t\treturn false; /* device-dax */',
        ' \treturn true;',
        ' }',
      ]),
    },
    {
      name: 'a pin site drops its own check while its pin passes FOLL_LONGTERM (v5.6+ GUP enforces it)',
      mail: mail('media: frame_vector: rely on GUP for fs-dax', 'Mon, 5 Oct 2020 10:00:00 +0000', [
        ...file('mm/frame_vector.c'),
        '@@ -48,12 +48,9 @@ int get_vaddr_frames(unsigned long start, unsigned int nr_frames,',
        ' \tvma = find_vma_intersection(mm, start, start + 1);',
        '-\tif (vma_is_fsdax(vma)) {',
        '-\t\tret = -EOPNOTSUPP;',
        '-\t\tgoto out;',
        '-\t}',
        '+\tif (!vma)',
        '+\t\tgoto out;',
        ' \tif (!(vma->vm_flags & (VM_IO | VM_PFNMAP))) {',
        ' \t\tvec->got_ref = true;',
        ' \t\tvec->is_pfns = false;',
        ' \t\tret = pin_user_pages_locked(start, nr_frames,',
        ' \t\t\tFOLL_WRITE | FOLL_FORCE | FOLL_LONGTERM, (struct page **)(vec->ptrs), &locked);',
        ' \t\tgoto out;',
      ]),
    },
  ],
  invalid: [
    // kb row 14: a non-patch mail whose diff deletes the check_vma_flags() fs-dax test
    'invalid/kb14-conditions-for-foll-longterm-mapping-in-fsdax.eml',
    // real RFC (linux-mm, 2019): removes check_dax_vmas() relying on a lease series that was never merged
    'invalid/04-mm-gup-remove-foll-longterm-dax-exclusion-rfc.eml',
    {
      fixture: 'invalid/02-folio-is-longterm-pinnable-drops-fsdax.patch',
      errors: [{ messageId: 'gupRefusalRemoved', file: 'include/linux/mm.h', line: 2116 }],
    },
    {
      fixture: 'invalid/03-vfio-remote-drops-fsdax-check-v5-4.patch',
      errors: [{ messageId: 'siteCheckRemoved', file: 'drivers/vfio/vfio_iommu_type1.c', line: 351 }],
    },
    {
      name: 'vma_is_fsdax() made to return false for regular DAX files',
      mail: mail('fs: treat only device-dax as special for pinning', 'Mon, 6 Oct 2025 10:00:00 +0000', [
        ...file('include/linux/fs.h'),
        '@@ -3500,13 +3500,7 @@ static inline bool vma_is_fsdax(struct vm_area_struct *vma)',
        ' {',
        '-\tstruct inode *inode;',
        '-',
        '-\tif (!IS_ENABLED(CONFIG_FS_DAX) || !vma->vm_file)',
        '-\t\treturn false;',
        '-\tif (!vma_is_dax(vma))',
        '-\t\treturn false;',
        '-\tinode = file_inode(vma->vm_file);',
        '-\tif (S_ISCHR(inode->i_mode))',
        '-\t\treturn false; /* device-dax */',
        '-\treturn true;',
        '+\t/* break_layouts waits for pins, so fs-dax needs no special casing */',
        '+\treturn false;',
        ' }',
      ]),
      errors: [{ messageId: 'vmaIsFsdaxWeakened', file: 'include/linux/fs.h', line: 3502 }],
    },
    {
      name: 'a pin site drops its own check and its pin has no FOLL_LONGTERM',
      mail: mail('media: frame_vector: allow fs-dax', 'Mon, 4 May 2020 10:00:00 +0000', [
        ...file('mm/frame_vector.c'),
        '@@ -48,11 +48,7 @@ int get_vaddr_frames(unsigned long start, unsigned int nr_frames,',
        ' \tvma = find_vma_intersection(mm, start, start + 1);',
        '-\tif (vma_is_fsdax(vma)) {',
        '-\t\tret = -EOPNOTSUPP;',
        '-\t\tgoto out;',
        '-\t}',
        ' \tif (!(vma->vm_flags & (VM_IO | VM_PFNMAP))) {',
        ' \t\tvec->got_ref = true;',
        ' \t\tvec->is_pfns = false;',
        ' \t\tret = get_user_pages_locked(start, nr_frames,',
        ' \t\t\tFOLL_WRITE | FOLL_FORCE, (struct page **)(vec->ptrs), &locked);',
        ' \t\tgoto out;',
      ]),
      errors: [{ messageId: 'siteCheckRemoved', file: 'mm/frame_vector.c', line: 49 }],
    },
  ],
});
