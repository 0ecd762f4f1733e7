import type { CallSite } from './scope.js';
import { findCallSites } from './scope.js';
import { lineOf, type CodeFragment, type FragmentLine } from './fragment.js';
import {
  acquireKind,
  EXTRA_REF,
  pageRoot,
  pagesArgument,
  releaseKind,
  type RefKind,
  type ReleaseKind,
} from './page-refs.js';
import type { Token } from './tokenize.js';

/** A page (array) taken by one GUP flavour and given back by the other, in the visible code. */
export interface RefMismatch {
  readonly root: string;
  /** The root with its scope (`fn:foo:pages`, `file:umem->pgs`), for comparing two sides. */
  readonly key: string;
  readonly acquire: CallSite;
  readonly acquireKind: 'get' | 'pin';
  readonly release: CallSite;
  readonly releaseKind: 'put' | 'unpin';
}

interface Use<K> {
  readonly site: CallSite;
  readonly kind: K;
  readonly root: string;
  readonly key: string;
}

/**
 * Where a root is known: a local (`pages`, `page`) in its enclosing function (or its hunk when the
 * function is unknown); a member (`umem->pgs`, `vec->ptrs`) anywhere in the file, since the pin
 * and the release of a registration usually live in different functions.
 */
function scopeKey(root: string, line: FragmentLine): string {
  if (root.includes('->') || root.includes('.')) return `file:${root}`;
  return line.fn !== null ? `fn:${line.fn}:${root}` : `hunk:${line.hunk}:${root}`;
}

function uses<K>(
  fragment: CodeFragment,
  kindOf: (n: string) => K | null,
  argOf: (s: CallSite) => readonly Token[] | undefined,
): Use<K>[] {
  const out: Use<K>[] = [];
  for (const site of findCallSites(fragment, (n) => kindOf(n) !== null)) {
    const kind = kindOf(site.call.name);
    const tokens = argOf(site);
    const root = tokens === undefined ? null : pageRoot(tokens);
    if (kind === null || root === null) continue;
    out.push({ site, kind, root, key: scopeKey(root, site.line) });
  }
  return out;
}

// Allocating the array itself (`pages = kvmalloc_array(…)`) says nothing about where the pages come from.
const ALLOCATORS =
  /^(?:k[mvz]?alloc\w*|kv[mz]alloc\w*|kv?calloc|vz?alloc\w*|kmalloc_array\w*|kvmalloc_array\w*|__get_free_pages?|get_zeroed_page|alloc_pages_exact|NULL)$/;

/**
 * The root also receives pages from elsewhere in its scope: `root[i] = alloc_page(…)`, or a plain
 * `page = pfn_to_page(pfn)` (a different page under the same name). Allocating the array is fine.
 */
function assignedElsewhere(fragment: CodeFragment, key: string, root: string): boolean {
  const parts = root.split(/(->|\.)/);
  const code = fragment.code;
  for (let i = 0; i + parts.length < code.length; i++) {
    if (!parts.every((p, k) => code[i + k]?.text === p)) continue;
    const before = code[i - 1]?.text;
    const first = code[i];
    if (before === '->' || before === '.' || first === undefined || scopeKey(root, lineOf(fragment, first)) !== key)
      continue;
    let j = i + parts.length;
    if (code[j]?.text === '[') {
      let depth = 0;
      for (; j < code.length; j++) {
        const t = code[j];
        if (t?.text === '[') depth++;
        else if (t?.text === ']' && --depth === 0) break;
      }
      if (code[j + 1]?.text === '=') return true;
      continue;
    }
    if (code[j]?.text !== '=') continue;
    let v = j + 1;
    // `(struct page **) __get_free_page(GFP_KERNEL)`: skip the cast.
    if (code[v]?.text === '(') {
      let close = v + 1;
      while (code[close] !== undefined && (code[close]?.kind === 'ident' || code[close]?.text === '*')) close++;
      if (code[close]?.text === ')') v = close + 1;
    }
    const value = code[v];
    if (value !== undefined && !(value.kind === 'ident' && ALLOCATORS.test(value.text))) return true;
  }
  return false;
}

/**
 * Mismatched pairs in one file side: pin_user_pages*() / memfd_pin_folios() pages released with
 * put_page() & co., get_user_pages*() pages released with unpin_*(). A root is left alone when
 * the same scope acquires it both ways (KVM's `kfp->pin ? pin : get`), through an API that may
 * do either (iov_iter_extract_pages()), takes extra references on it (get_page()), or fills it
 * from elsewhere too. put_user_page*() (the pre-v5.6 names of unpin_*) is not judged here.
 * Only pairs the change touches (either call on a changed line) are returned, unless `all`.
 */
export function refMismatches(fragment: CodeFragment, options: { readonly all?: boolean } = {}): RefMismatch[] {
  const acquires = uses<RefKind>(fragment, acquireKind, (s) => pagesArgument(s.call)?.tokens);
  const releases = uses<ReleaseKind>(fragment, releaseKind, (s) => s.call.args[0]?.tokens);
  const extra = new Set(
    uses(
      fragment,
      (n) => (EXTRA_REF.has(n) ? n : null),
      (s) => s.call.args[0]?.tokens,
    ).map((u) => u.key),
  );
  const out: RefMismatch[] = [];
  for (const release of releases) {
    if (release.kind === 'legacy') continue;
    const matching = acquires.filter((a) => a.key === release.key);
    const kinds = new Set(matching.map((a) => a.kind));
    if (kinds.size !== 1 || kinds.has('either')) continue;
    const acquire = matching.find((a) => options.all === true || release.site.changed || a.site.changed);
    if (acquire === undefined) continue;
    const wrong =
      (acquire.kind === 'pin' && release.kind === 'put') || (acquire.kind === 'get' && release.kind === 'unpin');
    if (!wrong || (release.kind === 'put' && extra.has(release.key))) continue;
    if (assignedElsewhere(fragment, release.key, release.root)) continue;
    out.push({
      root: release.root,
      key: release.key,
      acquire: acquire.site,
      acquireKind: acquire.kind === 'pin' ? 'pin' : 'get',
      release: release.site,
      releaseKind: release.kind,
    });
  }
  return out;
}
