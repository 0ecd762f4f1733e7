/**
 * Analyses of vfio type1's pinning path (drivers/vfio/vfio_iommu_type1.c, docs/knowledge/gup-api-history.md):
 * the non-refcounted VM_PFNMAP fallback, the pin error path, and how pinned pages are released.
 */
import { findIfStatements } from '../../src/c/find-if.js';
import { isChanged, lineOf, type CodeFragment, type FragmentLine } from '../../src/c/fragment.js';
import { guardsOf } from '../../src/c/guards.js';
import { findCallSites, hunkUnit, type CallSite } from '../../src/c/scope.js';

export const VFIO_TYPE1 = 'drivers/vfio/vfio_iommu_type1.c';

/** The functions that pin guest memory or release it (the vfio-vaddr-get-pfn-fsdax rule). */
export const VFIO_PIN_PATH =
  /^(?:vaddr_get_pfns?|vfio_pin_pages_remote|vfio_pin_page_external|follow_fault_pfn|put_pfn|vfio_unpin_\w+|vfio_batch_unpin)$/;

/** The functions that take the fallback for vmas GUP cannot pin. */
const FALLBACK_FNS = /^(?:vaddr_get_pfns?|follow_fault_pfn)$/;
const FOLLOW = /^(?:follow_fault_pfn|follow_pfn|follow_pte|follow_pfnmap_start|fixup_user_fault)$/;
const WIDER_THAN_PFNMAP = new Set(['VM_MIXEDMAP', 'VM_IO']);

/**
 * Where the non-refcounted fallback is widened beyond VM_PFNMAP: an added condition in the
 * fallback functions that admits VM_MIXEDMAP or VM_IO vmas (not negated), or a VM_PFNMAP
 * condition removed from a function that still resolves pfns with follow_*() and no longer
 * mentions VM_PFNMAP.
 */
export function widenedFallback(oldFragment: CodeFragment | null, fragment: CodeFragment): FragmentLine[] {
  const out: FragmentLine[] = [];
  for (const s of findIfStatements(fragment.code, hunkUnit(fragment))) {
    const fn = lineOf(fragment, s.ifToken).fn;
    if (fn === null || !FALLBACK_FNS.test(fn)) continue;
    const admitted = s.condition.find(
      (t, i) =>
        WIDER_THAN_PFNMAP.has(t.text) &&
        isChanged(fragment, t) &&
        !s.condition.slice(Math.max(0, i - 4), i).some((p) => p.text === '!'),
    );
    if (admitted !== undefined) out.push(lineOf(fragment, admitted));
  }
  if (oldFragment === null) return out;
  const lostPfnmap = oldFragment.code.filter((t) => t.text === 'VM_PFNMAP' && isChanged(oldFragment, t));
  for (const t of lostPfnmap) {
    const fn = lineOf(oldFragment, t).fn;
    if (fn === null || !FALLBACK_FNS.test(fn)) continue;
    const body = fragment.code.filter((x) => lineOf(fragment, x).fn === fn);
    if (body.some((x) => x.text === 'VM_PFNMAP')) continue;
    const follow = findCallSites(fragment, (n) => FOLLOW.test(n)).find((s) => s.fn === fn);
    if (follow !== undefined && !out.includes(follow.line)) out.push(follow.line);
  }
  return out;
}

const RELEASE_GET = new Set(['put_page', 'folio_put', 'release_pages', 'put_pages_list']);

/** Added put_page()/folio_put()/release_pages() calls: the release for FOLL_GET, not FOLL_PIN. */
export function addedGetReleases(fragment: CodeFragment): CallSite[] {
  return findCallSites(fragment, (n) => RELEASE_GET.has(n)).filter((s) => isChanged(fragment, s.call.nameToken));
}

const ERROR_WORDS = new Set(['EOPNOTSUPP', 'ENOTSUPP', 'EFAULT', 'IS_ERR', 'IS_ERR_VALUE']);
const PFNMAP_PROOF = new Set(['VM_PFNMAP', 'is_invalid_reserved_pfn']);

/**
 * Added `ret = 0;` / `return 0;` in the fallback functions under a condition that tests a pin
 * error (-EOPNOTSUPP, -EFAULT, `ret < 0`, IS_ERR) without any enclosing test that the vma is
 * VM_PFNMAP or the pfn reserved: the error from GUP turned into success.
 */
export function swallowedPinErrors(fragment: CodeFragment): FragmentLine[] {
  const ifs = findIfStatements(fragment.code, hunkUnit(fragment));
  const out: FragmentLine[] = [];
  fragment.code.forEach((t, i) => {
    const next = fragment.code[i + 1];
    const after = fragment.code[i + 2];
    const zero =
      next?.text === '0' &&
      after?.text === ';' &&
      (t.text === 'return' || (t.text === '=' && fragment.code[i - 1]?.kind === 'ident'));
    if (!zero || !isChanged(fragment, next)) return;
    const line = lineOf(fragment, next);
    if (line.fn === null || !FALLBACK_FNS.test(line.fn)) return;
    const guards = guardsOf(fragment, next, ifs).map((g) => g.statement.condition);
    const innermost = guards.at(-1);
    if (innermost === undefined || guards.some((c) => c.some((x) => PFNMAP_PROOF.has(x.text)))) return;
    const testsError = innermost.some(
      (x, k) => ERROR_WORDS.has(x.text) || ((x.text === '<' || x.text === '<=') && innermost[k + 1]?.text === '0'),
    );
    if (testsError && !out.includes(line)) out.push(line);
  });
  return out;
}
