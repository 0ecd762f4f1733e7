import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { buildFragment } from './fragment.js';
import { refMismatches } from './ref-pairs.js';

/** One-hunk diff of `path`; `lines` carry their ' ', '+' or '-' marker. Counts are computed. */
function fragmentOf(path: string, fn: string, lines: readonly string[]) {
  const old = lines.filter((l) => !l.startsWith('+')).length;
  const nu = lines.filter((l) => !l.startsWith('-')).length;
  const text = [
    `diff --git a/${path} b/${path}`,
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -10,${old} +10,${nu} @@ ${fn}`,
    ...lines,
  ].join('\n');
  const file = parseDiff(text)[0];
  if (file === undefined) throw new Error('no diff');
  return buildFragment(file, 'new');
}

const summary = (path: string, fn: string, lines: readonly string[]) =>
  refMismatches(fragmentOf(path, fn, lines)).map((m) => `${m.acquire.call.name}/${m.release.call.name}:${m.root}`);

describe('refMismatches', () => {
  it('finds a pin released with put_page() in an added error path', () => {
    expect(
      summary('drivers/foo/foo.c', 'static int foo_register(struct foo *f)', [
        ' \tret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);',
        '+\tif (ret != n) {',
        '+\t\tfor (i = 0; i < ret; i++)',
        '+\t\t\tput_page(pages[i]);',
        '+\t}',
      ]),
    ).toEqual(['pin_user_pages_fast/put_page:pages']);
  });

  it('finds a get → pin conversion that left a put_page() behind', () => {
    expect(
      summary('drivers/foo/foo.c', 'static int foo_register(struct foo *f)', [
        '-\tret = get_user_pages_fast(addr, n, FOLL_WRITE, f->pages);',
        '+\tret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, f->pages);',
        ' \tif (ret < 0)',
        ' \t\treturn ret;',
        ' \tfor (i = 0; i < ret; i++)',
        ' \t\tput_page(f->pages[i]);',
      ]),
    ).toEqual(['pin_user_pages_fast/put_page:f->pages']);
  });

  it('finds get_user_pages() pages handed to unpin_user_pages()', () => {
    expect(
      summary('drivers/foo/foo.c', 'static int foo_map(struct foo *f)', [
        '+\tret = get_user_pages_remote(mm, vaddr, 1, flags, &page, NULL);',
        '+\tif (ret == 1)',
        '+\t\tunpin_user_page(page);',
      ]),
    ).toEqual(['get_user_pages_remote/unpin_user_page:page']);
  });

  it.each([
    [
      'matching pairs',
      [
        '+\tret = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);',
        '+\tunpin_user_pages(pages, ret);',
        '+\tret = get_user_pages_remote(mm, vaddr, 1, flags, page, NULL);',
        '+\tput_page(page[0]);',
      ],
    ],
    [
      'both flavours on the same root (KVM kfp->pin)',
      [
        '+\tif (kfp->pin)',
        '+\t\tr = pin_user_pages_fast(kfp->hva, 1, FOLL_WRITE, &page) == 1;',
        '+\telse',
        '+\t\tr = get_user_page_fast_only(kfp->hva, FOLL_WRITE, &page);',
        '+\tput_page(page);',
      ],
    ],
    [
      'an extra reference balanced by put_page()',
      ['+\tret = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);', '+\tget_page(pages[0]);', '+\tput_page(pages[0]);'],
    ],
    [
      'nothing changed',
      [
        ' \tret = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);',
        ' \tput_page(pages[0]);',
        '+\t/* old bug, not ours */',
      ],
    ],
    [
      'put_user_pages_dirty_lock(), the v5.6 merge-window name of the unpin call',
      [
        '+\tret = pin_user_pages_remote(NULL, mm, vaddr, 1, flags | FOLL_LONGTERM, page, NULL, NULL);',
        '+\tput_user_pages_dirty_lock(page, 1, true);',
      ],
    ],
    [
      'elements that also come from alloc_page()',
      [
        '+\tret = pin_user_pages_fast(addr, n, FOLL_WRITE, buf->pages);',
        '+\tbuf->pages[0] = alloc_page(GFP_KERNEL);',
        '+\tput_page(buf->pages[0]);',
      ],
    ],
  ])('stays silent on %s', (_name, lines) => {
    expect(summary('drivers/foo/foo.c', 'static int foo(struct foo *f)', lines)).toEqual([]);
  });

  it('does not pair locals of different functions', () => {
    expect(
      summary('drivers/foo/foo.c', 'static int foo(struct foo *f)', [
        '+\tret = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);',
        '+}',
        '+',
        '+static void bar(struct page **pages, int n)',
        '+{',
        '+\tput_page(pages[0]);',
        '+}',
      ]),
    ).toEqual([]);
  });
});

describe('refMismatches: other sources under the same name', () => {
  it('leaves a root alone that is also assigned a different page', () => {
    expect(
      summary('drivers/foo/foo.c', 'static int foo(struct foo *f)', [
        '+\tret = pin_user_pages_fast(addr, 1, FOLL_WRITE, &page);',
        '+\tif (ret != 1) {',
        '+\t\tpage = pfn_to_page(pfn);',
        '+\t\tput_page(page);',
        '+\t}',
      ]),
    ).toEqual([]);
  });

  it('still pairs a root whose array was merely allocated', () => {
    expect(
      summary('drivers/foo/foo.c', 'static int foo(struct foo *f)', [
        '+\tpages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);',
        '+\tret = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);',
        '+\tput_page(pages[0]);',
      ]),
    ).toEqual(['pin_user_pages_fast/put_page:pages']);
  });
});

describe('refMismatches: casts before an allocator', () => {
  it('still pairs a page list from __get_free_page()', () => {
    expect(
      summary('drivers/vhost/vdpa.c', 'static int vhost_vdpa_process_iotlb_update(struct vhost_vdpa *v,', [
        '+\tpage_list = (struct page **) __get_free_page(GFP_KERNEL);',
        '+\tpinned = pin_user_pages(cur_base, sz2pin, gup_flags, page_list, NULL);',
        '+\tput_page(page_list[0]);',
      ]),
    ).toEqual(['pin_user_pages/put_page:page_list']);
  });
});
