import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const PAGES = [
  'diff --git a/drivers/iommu/iommufd/pages.c b/drivers/iommu/iommufd/pages.c',
  '--- a/drivers/iommu/iommufd/pages.c',
  '+++ b/drivers/iommu/iommufd/pages.c',
];
const mail = (subject: string, hunk: string[]): string =>
  inlineMail({ subject: `[PATCH] ${subject}`, date: 'Mon, 2 Jun 2025 10:00:00 +0000', diff: [...PAGES, ...hunk] });

ruleTester.run(rule, {
  valid: [
    // the original posting: gup_flags starts from FOLL_LONGTERM in pfn_reader_user_init(), read in pfn_reader_user_pin()
    'valid/01-iommufd-pfn-handling-for-iopt-pages-excerpt.eml',
    // CPU access helper: one page for one copy, short-term by design
    'valid/02-rw-page-short-term-pin.patch',
    {
      name: 'FOLL_FORCE removed, FOLL_LONGTERM kept (v6.2 reliable R/O long-term pins)',
      mail: mail('iommufd: remove FOLL_FORCE', [
        '@@ -716,12 +716,9 @@ static void pfn_reader_user_init(struct pfn_reader_user *user,',
        ' \tuser->upages_end = 0;',
        ' \tuser->locked = -1;',
        ' ',
        '-\tif (pages->writable) {',
        '-\t\tuser->gup_flags = FOLL_LONGTERM | FOLL_WRITE;',
        '-\t} else {',
        '-\t\t/* Still need to break COWs on read */',
        '-\t\tuser->gup_flags = FOLL_LONGTERM | FOLL_FORCE | FOLL_WRITE;',
        '-\t}',
        '+\tuser->gup_flags = FOLL_LONGTERM;',
        '+\tif (pages->writable)',
        '+\t\tuser->gup_flags |= FOLL_WRITE;',
        ' }',
      ]),
    },
    {
      name: 'IOMMU_IOAS_MAP_FILE pins memfd folios with memfd_pin_folios()',
      mail: mail('iommufd: pfn_reader for file mappings', [
        '@@ -800,3 +800,8 @@ static int pfn_reader_user_pin(struct pfn_reader_user *user,',
        ' \tuptr = (uintptr_t)(pages->uptr + start_index * PAGE_SIZE);',
        '+\tif (pages->type == IOPT_ADDRESS_FILE) {',
        '+\t\trc = memfd_pin_folios(pages->file, start, end, user->ufolios,',
        '+\t\t\t\t      npages, &offset);',
        '+\t\tgoto done;',
        '+\t}',
        ' \tif (!remote_mm)',
      ]),
    },
    {
      name: 'a pin whose flags come from a member set outside the patch',
      mail: mail('iommufd: pass the upages length', [
        '@@ -800,3 +800,3 @@ static int pfn_reader_user_pin(struct pfn_reader_user *user,',
        ' \tif (!remote_mm)',
        '-\t\trc = pin_user_pages_fast(uptr, npages, user->gup_flags, user->upages);',
        '+\t\trc = pin_user_pages_fast(uptr, n, user->gup_flags, user->upages);',
        ' \telse {',
      ]),
    },
  ],
  invalid: [
    {
      fixture: 'invalid/01-user-init-drops-longterm.patch',
      errors: [{ messageId: 'flagsDropped', file: 'drivers/iommu/iommufd/pages.c', line: 719 }],
    },
    {
      fixture: 'invalid/02-user-pin-with-get-user-pages.patch',
      errors: [{ messageId: 'notPinned', file: 'drivers/iommu/iommufd/pages.c', line: 787 }],
    },
    {
      name: 'a new IOAS pin path with its own flags and no FOLL_LONGTERM',
      mail: mail('iommufd: pin the whole range up front', [
        '@@ -840,3 +840,9 @@ static int pfn_reader_user_pin(struct pfn_reader_user *user,',
        ' \treturn 0;',
        ' }',
        ' ',
        '+static long iopt_pages_pin_all(struct iopt_pages *pages, struct page **out)',
        '+{',
        '+\tunsigned int flags = pages->writable ? FOLL_WRITE : 0;',
        '+',
        '+\treturn pin_user_pages_fast((uintptr_t)pages->uptr, pages->npages, flags, out);',
        '+}',
      ]),
      errors: [{ messageId: 'missing', file: 'drivers/iommu/iommufd/pages.c', line: 847 }],
    },
  ],
});
