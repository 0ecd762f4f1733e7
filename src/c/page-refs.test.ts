import { describe, expect, it } from 'vitest';
import { findCalls } from './find-calls.js';
import { acquireKind, pageRoot, pagesArgument, releaseKind } from './page-refs.js';
import { codeTokens, tokenizeLines } from './tokenize.js';

const tokens = (text: string) => codeTokens(tokenizeLines(text.split('\n')));
const firstCall = (text: string) => findCalls(tokens(text), (n) => acquireKind(n) !== null)[0];

describe('pagesArgument', () => {
  it.each([
    ['ret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);', 'pages'],
    ['ret = pin_user_pages_remote(mm, vaddr, npages, flags | FOLL_LONGTERM, pages, NULL);', 'pages'],
    ['ret = get_user_pages_remote(NULL, mm, vaddr, 1, flags, page, vmas, NULL);', 'page'],
    ['npages = pin_user_pages_unlocked(kfp->hva, 1, &page, flags);', '&page'],
    ['ret = get_user_pages_longterm(vaddr, 1, flags, page, vmas);', 'page'],
    ['r = get_user_page_fast_only(kfp->hva, FOLL_WRITE, &page);', '&page'],
    ['n = memfd_pin_folios(memfd, start, end, folios, max, &offset);', 'folios'],
    ['ret = get_user_pages(start, nr, write, force, pages, NULL);', 'pages'],
  ])('%s', (text, arg) => {
    expect(pagesArgument(firstCall(text)!)?.text).toBe(arg);
  });
});

describe('pageRoot', () => {
  it.each([
    ['pages', 'pages'],
    ['pages[i]', 'pages'],
    ['&page', 'page'],
    ['page[0]', 'page'],
    ['p + got', 'p'],
    ['&umem->pgs[0]', 'umem->pgs'],
    ['(struct page **)(vec->ptrs)', 'vec->ptrs'],
    ['page_folio(pages[i])', 'pages'],
    ['map->pinned_page', 'map->pinned_page'],
  ])('%s → %s', (text, root) => {
    expect(pageRoot(tokens(text))).toBe(root);
  });

  it.each(['pfn_to_page(pfn)', 'NULL', '0'])('%s has no root', (text) => {
    expect(pageRoot(tokens(text))).toBeNull();
  });
});

describe('kinds', () => {
  it('knows which release belongs to which reference', () => {
    expect(acquireKind('pin_user_pages_fast')).toBe('pin');
    expect(acquireKind('get_user_pages_remote')).toBe('get');
    expect(acquireKind('iov_iter_extract_pages')).toBe('either');
    expect(releaseKind('put_page')).toBe('put');
    expect(releaseKind('unpin_user_pages_dirty_lock')).toBe('unpin');
    expect(releaseKind('put_user_pages_dirty_lock')).toBe('legacy');
    expect(releaseKind('kfree')).toBeNull();
  });
});
