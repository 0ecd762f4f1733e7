import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

/** One hunk of `path` inside `fn`; counts computed from the marked lines. */
function hunk(path: string, fn: string, lines: readonly string[]): string[] {
  const old = lines.filter((l) => !l.startsWith('+')).length;
  const nu = lines.filter((l) => !l.startsWith('-')).length;
  return [
    `diff --git a/${path} b/${path}`,
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -20,${old} +20,${nu} @@ ${fn}`,
    ...lines,
  ];
}
const mail = (subject: string, date: string, lines: readonly string[], path = 'drivers/misc/demo.c'): string =>
  inlineMail({ subject, date, diff: hunk(path, 'static int demo_pin(struct demo *d)', lines) });

/** A series whose first patch declares the API its second patch calls. */
const DECLARES_PIN_LONGTERM = mail(
  '[PATCH 1/2] mm/gup: add pin_longterm_pages()',
  'Mon, 1 Jul 2024 10:00:00 +0000',
  [
    ' long pin_user_pages(unsigned long start, unsigned long nr_pages,',
    '+long pin_longterm_pages(unsigned long start, unsigned long nr_pages,',
  ],
  'include/linux/mm.h',
);
const CALLS_PIN_LONGTERM = mail('[PATCH 2/2] RDMA/demo: pin long-term', 'Mon, 1 Jul 2024 10:00:00 +0000', [
  '+\tret = pin_longterm_pages(addr, n, FOLL_WRITE, pages, NULL);',
]);

ruleTester.run(rule, {
  valid: [
    // kb row 1: the patch that introduces get_user_pages_longterm() (v4.15 era)
    'valid/kb01-mm-introduce-get-user-pages-longterm.eml',
    // kb row 6: get_user_pages_longterm() only on removed lines (Ira Weiny's conversion)
    'valid/kb06-mm-gup-replace-get-user-pages-longterm-with-foll-longterm.eml',
    // kb row 7: FOLL_LONGTERM to get_user_pages_remote() in the series that makes remote honour it (v5.6)
    'valid/kb07-vfio-fix-foll-longterm-use-simplify-gup-remote.eml',
    // kb row 8: put_user_pages_dirty_lock() in the v5.6 merge window
    'valid/kb08-vfio-mm-pin-user-pages-and-put-user-page-conversion.eml',
    // kb row 10: FOLL_LONGTERM added to flags whose pin_user_pages_locked() call is outside the hunk
    'valid/kb10-mm-frame-vec-use-foll-longterm.eml',
    // kb row 13: pin_user_pages(…, pages, NULL) on v6.4, before vmas went away
    'valid/kb13-io-uring-rsrc-delegate-vma-file-backed-check-to-gup.eml',
    'valid/01-stable-4-19-backport-uses-longterm-api.patch',
    'valid/02-untagged-backport.patch',
    // netdev: put_user_page*() on a v5.3 tree, where it exists
    'valid/03-mm-gup-use-put-user-page.eml',
    // Judged against a configured v5.1 tree (check --target), where get_user_pages_longterm() still exists
    {
      name: 'get_user_pages_longterm() on a configured v5.1 target',
      fixture: 'invalid/01-longterm-api-on-v6-tree.patch',
      target: 'v5.1',
    },
    {
      name: 'a name the series itself introduces (patch 1/2 declares pin_longterm_pages())',
      mail: CALLS_PIN_LONGTERM,
      series: [DECLARES_PIN_LONGTERM],
    },
    {
      name: 'FOLL_LONGTERM only tested in a _locked variant (mm/gup.c, v5.2)',
      mail: mail(
        '[PATCH] mm/gup: reject FOLL_LONGTERM in locked variants',
        'Thu, 28 Mar 2019 08:44:16 +0000',
        [
          '+\tif (WARN_ON_ONCE(gup_flags & FOLL_LONGTERM))',
          '+\t\treturn -EINVAL;',
          ' \treturn get_user_pages_unlocked(start, nr_pages, pages, gup_flags);',
        ],
        'mm/gup.c',
      ),
    },
    {
      name: 'pin_user_pages_unlocked() with FOLL_LONGTERM on v6.2+',
      mail: mail('[PATCH] demo: pin', 'Mon, 1 Jul 2024 10:00:00 +0000', [
        '+\tret = pin_user_pages_unlocked(addr, n, pages, FOLL_WRITE | FOLL_LONGTERM);',
      ]),
    },
    {
      name: 'a mail dated in the v6.5 merge window may still be based on v6.4',
      mail: mail('[PATCH] demo: pin', 'Wed, 28 Jun 2023 10:00:00 +0000', [
        '+\tret = pin_user_pages(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages, NULL);',
      ]),
    },
    {
      // The knowledge base's backport must-not, in an out-of-tree driver's compat code: each
      // branch is compiled only on the kernels its #if names.
      name: 'an API picked per kernel version (#if LINUX_VERSION_CODE …)',
      mail: mail('[PATCH] demo: pin on every supported kernel', 'Mon, 1 Jul 2024 10:00:00 +0000', [
        '+#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)',
        '+	ret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);',
        '+#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 2, 0)',
        '+	ret = get_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);',
        '+#else',
        '+	ret = get_user_pages_longterm(addr, n, FOLL_WRITE, pages, NULL);',
        '+#endif',
      ]),
    },
    {
      name: 'a release picked by a configure probe of the API (#ifdef HAVE_PIN_USER_PAGES_FAST)',
      mail: mail('[PATCH] demo: release', 'Mon, 1 Jul 2024 10:00:00 +0000', [
        '+#ifdef HAVE_PIN_USER_PAGES_FAST',
        '+	unpin_user_pages(pages, n);',
        '+#else',
        '+	put_user_pages(pages, n);',
        '+#endif',
      ]),
    },
    {
      name: 'the calls named only in a comment',
      mail: mail('[PATCH] demo: comment', 'Mon, 1 Jul 2024 10:00:00 +0000', [
        '+\t/* this used to be get_user_pages_longterm(), then put_user_pages() */',
        ' \tret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);',
      ]),
    },
  ],
  invalid: [
    {
      name: 'a condition that is not about the kernel or its GUP API does not excuse the call',
      mail: mail('[PATCH] demo: debug pin', 'Mon, 1 Jul 2024 10:00:00 +0000', [
        '+#ifdef CONFIG_DEMO_DEBUG',
        '+	ret = get_user_pages_longterm(addr, n, FOLL_WRITE, pages, NULL);',
        '+#endif',
      ]),
      errors: [{ messageId: 'longtermApiRemoved', line: 21 }],
    },
    {
      fixture: 'invalid/01-longterm-api-on-v6-tree.patch',
      errors: [{ messageId: 'longtermApiRemoved', file: 'drivers/misc/demo-fpga/dma.c', line: 61 }],
    },
    {
      fixture: 'invalid/02-put-user-pages-on-v5-13-tree.patch',
      errors: [{ messageId: 'putUserPageRenamed', file: 'drivers/media/platform/demo-cap.c', line: 302 }],
    },
    {
      fixture: 'invalid/03-remote-longterm-on-5-4-stable.patch',
      errors: [{ messageId: 'remoteLongterm', file: 'drivers/vfio/vfio_iommu_type1.c', line: 332 }],
    },
    {
      fixture: 'invalid/04-vmas-argument-on-v6-11-tree.patch',
      errors: [{ messageId: 'vmasRemoved', file: 'drivers/accel/demo/demo_cq.c', line: 124 }],
    },
    // The configured target wins over the subject's [PATCH 4.19] tag
    {
      name: 'a 4.19 backport judged against a configured v5.4 target',
      fixture: 'valid/01-stable-4-19-backport-uses-longterm-api.patch',
      target: 'v5.4',
      errors: [{ messageId: 'longtermApiRemoved' }],
    },
    {
      name: 'the same patch 2/2 without the series that declares pin_longterm_pages()',
      mail: CALLS_PIN_LONGTERM,
      errors: [{ messageId: 'neverMerged', line: 20 }],
    },
    {
      name: 'pin_longterm_pages() never existed',
      mail: mail('[PATCH] RDMA/demo: pin long-term', 'Mon, 1 Jul 2024 10:00:00 +0000', [
        '+\tret = pin_longterm_pages(addr, n, FOLL_WRITE, pages, NULL);',
      ]),
      errors: [{ messageId: 'neverMerged', line: 20 }],
    },
    {
      name: 'FOLL_LONGTERM through a flag variable into pin_user_pages_unlocked() on a 5.15 tree',
      mail: mail('[PATCH 5.15] demo: pin', 'Mon, 1 Jul 2024 10:00:00 +0000', [
        ' \tunsigned int gup_flags = FOLL_WRITE;',
        '+\tgup_flags |= FOLL_LONGTERM;',
        ' \tret = pin_user_pages_unlocked(addr, n, pages, gup_flags);',
      ]),
      errors: [{ messageId: 'lockedLongterm', line: 22 }],
    },
    {
      name: 'FOLL_LONGTERM in a 4.9 backport',
      mail: mail('[PATCH 4.9] demo: pin', 'Mon, 1 Jul 2024 10:00:00 +0000', [
        '-\tret = get_user_pages(addr, n, FOLL_WRITE, pages, NULL);',
        '+\tret = get_user_pages(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages, NULL);',
      ]),
      errors: [{ messageId: 'flagTooOld', line: 20 }],
    },
  ],
});
