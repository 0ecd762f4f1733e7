import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const mail = (subject: string, diff: readonly string[]): string => inlineMail({ subject: `[PATCH] ${subject}`, diff });

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

ruleTester.run(rule, {
  valid: [
    // kb row 5: put_page() after get_user_pages_remote() is the right pairing (94db151dc892)
    'valid/kb05-vfio-disable-filesystem-dax-page-pinning-v5.eml',
    // kb row 8: pin_user_pages_remote() + put_user_pages_dirty_lock(), the v5.6 merge-window name of unpin
    'valid/kb08-vfio-mm-pin-user-pages-and-put-user-page-conversion.eml',
    // kb rows 9 and 10: the frame vector conversion pairs the pin with unpin_user_pages()
    'valid/kb09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
    'valid/kb10-mm-frame-vec-use-foll-longterm.eml',
    'valid/kb13-io-uring-rsrc-delegate-vma-file-backed-check-to-gup.eml',
    // kb row 18: KVM pins or gets the same `page` depending on kfp->pin; unpin_user_page() on the pinned one
    'valid/kb18-kvm-pin-pages-during-kvm-vcpu-map.eml',
    'valid/01-mm-gup-internals.patch',
    // linux-kernel: vhost-vdpa unwinds partial pins with unpin_user_pages()
    'valid/02-vhost-vdpa-fix-page-pinning-leakage.eml',
    // netdev: get_user_pages() pages released with put_user_page*() (v5.3)
    'valid/03-mm-gup-use-put-user-page.eml',
    {
      name: 'get_user_pages*() released with put_page() and pin_user_pages*() with unpin_*()',
      mail: mail(
        'demo: pairs',
        hunk('drivers/misc/demo.c', 'static int demo(struct demo *d)', [
          '+\tret = get_user_pages_fast(addr, n, FOLL_WRITE, pages);',
          '+\trelease_pages(pages, ret);',
          '+\tret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, d->pages);',
          '+\tunpin_user_pages_dirty_lock(d->pages, ret, true);',
        ]),
      ),
    },
    {
      name: 'a mismatch the old code already had, moved by the patch',
      mail: mail(
        'demo: move the unwind',
        hunk('drivers/misc/demo.c', 'static int demo(struct demo *d)', [
          ' \tret = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);',
          '-\tfor (i = 0; i < ret; i++) put_page(pages[i]);',
          '+\tfor (i = 0; i < ret; i++)',
          '+\t\tput_page(pages[i]);',
        ]),
      ),
    },
    {
      name: 'FOLL_PIN only tested, and mentioned in a comment',
      mail: mail(
        'demo: check',
        hunk('drivers/misc/demo.c', 'static int demo(struct demo *d)', [
          '+\t/* the pages were taken with FOLL_PIN */',
          '+\tif (WARN_ON_ONCE(gup_flags & FOLL_PIN))',
          '+\t\treturn -EINVAL;',
          '+\tret = get_user_pages_fast(addr, n, gup_flags, pages);',
        ]),
      ),
    },
    {
      name: 'iov_iter_extract_pages() may pin or not: the root is left alone',
      mail: mail(
        'demo: extract',
        hunk('fs/demo/direct.c', 'static int demo_dio(struct iov_iter *iter)', [
          '+\tn = iov_iter_extract_pages(iter, &pages, len, max, 0, &off);',
          '+\tunpin_user_page(pages[0]);',
        ]),
      ),
    },
  ],
  invalid: [
    {
      fixture: 'invalid/01-pin-error-path-put-page.patch',
      errors: [{ messageId: 'pinReleasedWithPut', file: 'drivers/accel/demo/demo_mem.c', line: 94 }],
    },
    {
      fixture: 'invalid/02-conversion-misses-release.patch',
      errors: [{ messageId: 'releaseNotConverted', file: 'drivers/misc/demo-dma.c', line: 177 }],
    },
    {
      fixture: 'invalid/03-foll-pin-passed-by-driver.patch',
      errors: [{ messageId: 'internalFlag', file: 'drivers/virt/demo_hv.c', line: 214 }],
    },
    {
      name: 'get_user_pages_remote() pages handed to unpin_user_page()',
      mail: mail(
        'demo: read one page',
        hunk('drivers/misc/demo.c', 'static int demo_peek(struct demo *d)', [
          '+\tret = get_user_pages_remote(d->mm, uaddr, 1, 0, &page, NULL);',
          '+\tif (ret != 1)',
          '+\t\treturn -EFAULT;',
          '+\tmemcpy_from_page(buf, page, 0, len);',
          '+\tunpin_user_page(page);',
        ]),
      ),
      errors: [{ messageId: 'getReleasedWithUnpin', file: 'drivers/misc/demo.c', line: 24 }],
    },
    {
      name: 'memfd_pin_folios() folios dropped with folio_put()',
      mail: mail(
        'demo: import memfd',
        hunk('drivers/dma-buf/demo-buf.c', 'static int demo_import(struct demo_buf *b)', [
          '+\tnr = memfd_pin_folios(memfd, start, end, b->folios, max, &off);',
          '+\tif (nr < 0)',
          '+\t\treturn nr;',
          '+\tfor (i = 0; i < nr; i++)',
          '+\t\tfolio_put(b->folios[i]);',
        ]),
      ),
      errors: [{ messageId: 'pinReleasedWithPut', file: 'drivers/dma-buf/demo-buf.c', line: 24 }],
    },
    {
      name: 'FOLL_GET through a flag variable into pin_user_pages_fast()',
      mail: mail(
        'demo: pin',
        hunk('drivers/misc/demo.c', 'static int demo_pin(struct demo *d)', [
          ' \tunsigned int gup_flags = FOLL_LONGTERM;',
          '+\tgup_flags |= FOLL_GET;',
          ' \tret = pin_user_pages_fast(addr, n, gup_flags, d->pages);',
        ]),
      ),
      errors: [{ messageId: 'getFlagOnPin', file: 'drivers/misc/demo.c', line: 21 }],
    },
  ],
});
