import type { Call, CallArgument } from './find-calls.js';
import { gupFlagArgument } from './gup-api.js';
import type { Token } from './tokenize.js';
import { at } from './at.js';

/**
 * How user pages are taken and given back (docs/knowledge/gup-api-history.md, "Pairing pins with releases"): FOLL_GET references from the
 * get_user_pages family are dropped with put_page() and friends; FOLL_PIN references from
 * pin_user_pages*() / memfd_pin_folios() only with the unpin_* family. Some APIs take either
 * (iov_iter_extract_pages() pins or not depending on the iterator): 'either'.
 */
export type RefKind = 'get' | 'pin' | 'either';

/** Where an acquiring call puts its pages: a fixed argument, or the one next to gup_flags. */
type PagesAt = number | 'afterFlags' | 'beforeFlags';

const ACQUIRE: ReadonlyMap<string, { readonly kind: RefKind; readonly pages: PagesAt }> = new Map([
  ['get_user_pages', { kind: 'get', pages: 'afterFlags' }],
  ['get_user_pages_fast', { kind: 'get', pages: 'afterFlags' }],
  ['get_user_pages_remote', { kind: 'get', pages: 'afterFlags' }],
  ['get_user_pages_locked', { kind: 'get', pages: 'afterFlags' }],
  ['get_user_pages_unlocked', { kind: 'get', pages: 'beforeFlags' }],
  ['get_user_pages_longterm', { kind: 'get', pages: 3 }],
  ['get_user_pages_fast_only', { kind: 'get', pages: 3 }],
  ['__get_user_pages_fast', { kind: 'get', pages: 3 }],
  ['get_user_page_fast_only', { kind: 'get', pages: 2 }],
  ['iov_iter_get_pages', { kind: 'get', pages: 1 }],
  ['iov_iter_get_pages2', { kind: 'get', pages: 1 }],
  ['iov_iter_get_pages_alloc', { kind: 'get', pages: 1 }],
  ['iov_iter_get_pages_alloc2', { kind: 'get', pages: 1 }],
  ['pin_user_pages', { kind: 'pin', pages: 'afterFlags' }],
  ['pin_user_pages_fast', { kind: 'pin', pages: 'afterFlags' }],
  ['pin_user_pages_remote', { kind: 'pin', pages: 'afterFlags' }],
  ['pin_user_pages_locked', { kind: 'pin', pages: 'afterFlags' }],
  ['pin_user_pages_unlocked', { kind: 'pin', pages: 'beforeFlags' }],
  ['pin_user_pages_fast_only', { kind: 'pin', pages: 3 }],
  ['memfd_pin_folios', { kind: 'pin', pages: 3 }],
  ['iov_iter_extract_pages', { kind: 'either', pages: 1 }],
]);

/**
 * Releases, by the reference they drop. `put_user_page*()` (v5.3-v5.5) were the names of the
 * unpin calls until f1f6a7dd9b53 renamed them in v5.6: 'legacy'.
 */
export type ReleaseKind = 'put' | 'unpin' | 'legacy';

const RELEASE: ReadonlyMap<string, ReleaseKind> = new Map([
  ['put_page', 'put'],
  ['page_cache_release', 'put'],
  ['folio_put', 'put'],
  ['release_pages', 'put'],
  ['folio_put_refs', 'put'],
  ['kvm_release_page_clean', 'put'],
  ['kvm_release_page_dirty', 'put'],
  ['unpin_user_page', 'unpin'],
  ['unpin_user_pages', 'unpin'],
  ['unpin_user_pages_dirty_lock', 'unpin'],
  ['unpin_user_page_range_dirty_lock', 'unpin'],
  ['unpin_folio', 'unpin'],
  ['unpin_folios', 'unpin'],
  ['unpin_user_folio', 'unpin'],
  ['put_user_page', 'legacy'],
  ['put_user_pages', 'legacy'],
  ['put_user_pages_dirty_lock', 'legacy'],
]);

/** Calls that take another reference on pages already held, so a put_page() may balance them. */
export const EXTRA_REF = new Set(['get_page', 'folio_get', 'try_get_page', 'get_page_unless_zero', 'folio_try_get']);

export function acquireKind(name: string): RefKind | null {
  return ACQUIRE.get(name)?.kind ?? null;
}

export function releaseKind(name: string): ReleaseKind | null {
  return RELEASE.get(name) ?? null;
}

/** The argument an acquiring call stores its pages (or folios) in, null when not visible. */
export function pagesArgument(call: Call): CallArgument | null {
  const spec = ACQUIRE.get(call.name);
  if (spec === undefined) return null;
  // v4.6-v4.8: get_user_pages(start, nr, write, force, pages, vmas).
  if (call.name === 'get_user_pages' && call.args.length === 6) return call.args[4] ?? null;
  if (typeof spec.pages === 'number') return call.args[spec.pages] ?? null;
  const flags = gupFlagArgument(call);
  if (flags === null) return null;
  const index = call.args.indexOf(flags) + (spec.pages === 'afterFlags' ? 1 : -1);
  return call.args[index] ?? null;
}

// Wrappers that still name the same page: folio_put(page_folio(pages[i])).
const SAME_PAGE = new Set(['page_folio', 'compound_head']);

/**
 * The variable or member a page (array) expression is rooted in:
 *   `pages`, `pages[i]`, `&page`, `page[0]`, `p + got`, `&umem->pgs[0]`, `(struct page **)(vec->ptrs)`,
 *   `page_folio(pages[i])` → pages, pages, page, page, p, umem->pgs, vec->ptrs, pages.
 * Null for anything else (a call result such as `pfn_to_page(pfn)`, a constant).
 */
export function pageRoot(tokens: readonly Token[]): string | null {
  let i = 0;
  for (;;) {
    const t = tokens[i];
    if (t === undefined) return null;
    if (t.text === '&' || t.text === '*') {
      i++;
      continue;
    }
    if (t.text === '(') {
      const close = closing(tokens, i);
      if (close < 0) return null;
      // A cast `(struct page **)` is skipped; a parenthesised expression is entered.
      const inner = tokens.slice(i + 1, close);
      if (inner.every((u) => u.kind === 'ident' || u.text === '*') && tokens[close + 1] !== undefined) {
        i = close + 1;
        continue;
      }
      i++;
      continue;
    }
    if (t.kind === 'ident' && tokens[i + 1]?.text === '(') {
      if (!SAME_PAGE.has(t.text)) return null;
      i += 2;
      continue;
    }
    if (t.kind !== 'ident') return null;
    let path = t.text;
    for (let k = i + 1; k + 1 < tokens.length; k += 2) {
      const sep = at(tokens, k);
      const member = at(tokens, k + 1);
      if ((sep.text !== '->' && sep.text !== '.') || member.kind !== 'ident') break;
      path += sep.text + member.text;
    }
    return path === 'NULL' ? null : path;
  }
}

function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = at(tokens, j);
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return j;
  }
  return -1;
}
