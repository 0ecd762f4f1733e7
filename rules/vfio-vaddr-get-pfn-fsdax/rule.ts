import { callFlags } from '../../src/c/call-flags.js';
import { patchFlagBalance } from '../../src/c/flag-drops.js';
import { isChanged, lineOf, type CodeFragment } from '../../src/c/fragment.js';
import { GUP_FLAG_ARGUMENT, isPinCall } from '../../src/c/gup-api.js';
import { findCallSites, type CallSite } from '../../src/c/scope.js';
import { VFIO_PIN_PATH, VFIO_TYPE1, addedGetReleases, swallowedPinErrors, widenedFallback } from './vfio-type1.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import { atLeast } from '../../src/era/target-era.js';

export type MessageIds =
  'missingLongterm' | 'plainGup' | 'remoteWithoutCheck' | 'fallbackWidened' | 'putPageAfterPin' | 'errorSwallowed';

const isGup = (n: string): boolean => GUP_FLAG_ARGUMENT.has(n) || n === 'get_user_pages_longterm';
const LONGTERM = 'FOLL_LONGTERM';

/** Calls of the same name in the same function on the old side. */
function oldCalls(old: CodeFragment | null, site: CallSite): CallSite[] {
  return old === null ? [] : findCallSites(old, (n) => n === site.call.name).filter((o) => o.fn === site.fn);
}

/** The old side of the same function passed FOLL_LONGTERM to a call of the same name. */
function hadLongterm(old: CodeFragment | null, site: CallSite): boolean {
  return oldCalls(old, site).some((o) => o.call.tokens.some((t) => t.text === LONGTERM));
}

/** The old side of the same function already had a call of the same name. */
function hadCall(old: CodeFragment | null, site: CallSite): boolean {
  return oldCalls(old, site).length > 0;
}

export default defineRule<MessageIds>({
  id: 'vfio-vaddr-get-pfn-fsdax',
  meta: {
    type: 'problem',
    defaultSeverity: 'error',
    scope: 'diff',
    confidence: 'high',
    docs: {
      description:
        'Require vfio type1 pinning to stay long-term, refuse fs-dax and keep its fallback limited to VM_PFNMAP',
      title: 'vfio type1 pinning path lost its long-term / fs-dax guarantees.',
    },
    era: 'all vfio type1 eras: get_user_pages_longterm() on v4.16-v5.1, FOLL_LONGTERM from v5.2, pin_user_pages_remote() from v5.6',
    supersedes: [
      'fsdax-longterm-refusal-removed',
      'longterm-pin-shortterm-fallback',
      'longterm-pin-without-foll-longterm',
      'pin-unpin-mismatch',
    ],
    triggers: ['vfio_iommu_type1.c'],
    citations: [
      commit('94db151dc892', 'vfio: disable filesystem-dax page pinning (Acked-by Alex Williamson)'),
      lore(
        '151996287917.28483.16157329534570989926.stgit@dwillia2-desk3.amr.corp.intel.com',
        'vfio: disable filesystem-dax page pinning, v5 posting',
      ),
      commit('3567813eae5e', 'vfio: fix FOLL_LONGTERM use, simplify get_user_pages_remote() call'),
      commit('19fed0dae94d', 'vfio, mm: pin_user_pages (FOLL_PIN) and put_user_page() conversion'),
      commit('4d83de6da265', 'vfio/type1: Batch page pinning'),
    ],
    background: ['docs/knowledge/gup-api-history.md', 'docs/knowledge/longterm-vs-shortterm-pins.md'],
    messages: {
      missingLongterm:
        '{{call}}() in {{fn}}() pins guest memory for VFIO_IOMMU_MAP_DMA without FOLL_LONGTERM ({{flags}}). vfio keeps ' +
        'these pages pinned for as long as the DMA mapping exists, so every pin here must be long-term and fs-dax must be ' +
        'refused (94db151dc892): please keep FOLL_LONGTERM.',
      plainGup:
        '{{call}}() in {{fn}}() pins guest memory with the plain GUP call on a tree before FOLL_LONGTERM ({{era}}). vfio ' +
        'pins for as long as the DMA mapping exists, so fs-dax must be refused: use get_user_pages_longterm() here, as ' +
        '94db151dc892 does.',
      remoteWithoutCheck:
        "{{call}}() in {{fn}}() pins another process's memory without refusing fs-dax. Before v5.6 " +
        'get_user_pages_remote() ignored FOLL_LONGTERM ({{era}}), so vfio had to pass a vmas array and fail with ' +
        '-EOPNOTSUPP when vma_is_fsdax(vmas[0]) (94db151dc892); without that check a DMA mapping can pin fs-dax ' +
        'blocks the filesystem may reallocate.',
      fallbackWidened:
        'The non-refcounted pfn fallback in {{fn}}() now takes more than VM_PFNMAP vmas. Only VM_PFNMAP (MMIO, other ' +
        "drivers' pfnmaps) may be resolved without a page reference; widening it (VM_MIXEDMAP, VM_IO, any vma) lets " +
        'fs-dax pages that GUP refused with -EOPNOTSUPP be mapped for DMA with no pin at all. Keep the fallback limited ' +
        'to VM_PFNMAP.',
      putPageAfterPin:
        '{{call}}() in {{fn}}() releases pages that vfio pinned with pin_user_pages*() ({{era}}). FOLL_PIN pages carry a ' +
        'pin bias and must be released with unpin_user_pages_dirty_lock() (or unpin_user_page_range_dirty_lock()), ' +
        'otherwise the pin leaks and the pages stay "maybe DMA-pinned" forever.',
      errorSwallowed:
        'This turns a failed pin in {{fn}}() into success outside the VM_PFNMAP fallback. The error from GUP ' +
        '(-EOPNOTSUPP for fs-dax, -EFAULT for writable page-cache files since v6.5) must reach VFIO_IOMMU_MAP_DMA so ' +
        'user space learns that this memory cannot be pinned long-term for DMA.',
    },
  },
  check(ctx) {
    const file = ctx.codeFiles().find((f) => f.path === VFIO_TYPE1);
    if (file === undefined) return;
    const fragment = ctx.code(file, 'new');
    const old = file.oldPath === null ? null : ctx.code(file, 'old');
    const era = `target ${ctx.era.why}`;
    const fnOf = (s: { fn: string | null }): string => s.fn ?? 'this function';
    const lostFsdaxCheck = (fn: string | null): boolean =>
      old?.code.some((t) => t.text === 'vma_is_fsdax' && isChanged(old, t) && lineOf(old, t).fn === fn) ?? false;
    const pins = findCallSites(fragment, isGup);
    const balance = patchFlagBalance(ctx.diff, LONGTERM);
    const moved = balance.added >= balance.removed;
    for (const site of pins) {
      if (site.call.name === 'get_user_pages_longterm') continue;
      const flags = callFlags(fragment, site);
      if (flags.constants.has(LONGTERM) && !flags.cleared.has(LONGTERM)) continue;
      const data = {
        call: site.call.name,
        fn: fnOf(site),
        era,
        flags: flags.constants.size > 0 ? [...flags.constants].join(' | ') : 'no flags',
      };
      if (site.call.name.endsWith('_remote') && !atLeast(ctx.era, 'v5.6')) {
        const inFn = fragment.code.some((t) => t.text === 'vma_is_fsdax' && lineOf(fragment, t).fn === site.fn);
        // A changed existing call may have its check below the hunk: judge new calls and removed checks.
        const isNew = isChanged(fragment, site.call.nameToken) && !hadCall(old, site);
        if (atLeast(ctx.era, 'v4.16') && !inFn && (isNew || lostFsdaxCheck(site.fn))) {
          ctx.reportAt(fragment, site, { messageId: 'remoteWithoutCheck', data });
        }
        continue;
      }
      if (!site.changed) continue;
      if (!atLeast(ctx.era, 'v5.2')) {
        if (atLeast(ctx.era, 'v4.16')) ctx.reportAt(fragment, site, { messageId: 'plainGup', data });
        continue;
      }
      if (flags.unresolvedFlags.length > 0 && (!hadLongterm(old, site) || moved)) continue;
      ctx.reportAt(fragment, site, { messageId: 'missingLongterm', data });
    }
    for (const line of widenedFallback(old, fragment)) {
      ctx.reportAtLine(fragment, line, { messageId: 'fallbackWidened', data: { fn: line.fn ?? 'this function' } });
    }
    if (atLeast(ctx.era, 'v5.6')) {
      const getsPages = pins.some((s) => !isPinCall(s.call.name) && s.call.name !== 'get_user_pages_longterm');
      for (const rel of addedGetReleases(fragment)) {
        const pinnedHere =
          rel.fn !== null &&
          (VFIO_PIN_PATH.test(rel.fn) || pins.some((p) => p.fn === rel.fn && isPinCall(p.call.name)));
        if (!pinnedHere || getsPages) continue;
        ctx.reportAtLine(fragment, rel.line, {
          messageId: 'putPageAfterPin',
          data: { call: rel.call.name, fn: fnOf(rel), era },
        });
      }
    }
    for (const line of swallowedPinErrors(fragment)) {
      ctx.reportAtLine(fragment, line, { messageId: 'errorSwallowed', data: { fn: line.fn ?? 'this function' } });
    }
  },
});
