import { droppedFlags, patchFlagBalance } from '../../src/c/flag-drops.js';
import { isChanged } from '../../src/c/fragment.js';
import { GUP_FLAG_ARGUMENT, gupFlagArgument, isPinCall } from '../../src/c/gup-api.js';
import { resolveWithMembers } from '../../src/c/member-flags.js';
import { findCallSites } from '../../src/c/scope.js';
import { defineRule } from '../../src/engine/define-rule.js';
import { callLine } from '../../src/engine/rule-context.js';

export type MessageIds = 'missing' | 'flagsDropped' | 'notPinned';

const IOMMUFD = /^drivers\/iommu\/iommufd\/(?!selftest\.c$)[^/]+\.c$/;
/** CPU access helpers (iopt_pages_rw_page/_slow/_access) pin for one copy: short-term by design. */
const CPU_ACCESS = /(?:^|_)rw(?:_|$)/;
const LONGTERM = 'FOLL_LONGTERM';
const FLAG_NAME = /flag/i;

export default defineRule<MessageIds>({
  id: 'iommufd-pin-longterm',
  meta: {
    type: 'problem',
    defaultSeverity: 'error',
    scope: 'diff',
    confidence: 'high',
    docs: {
      description: 'Require iommufd IOAS user-page pins to use pin_user_pages*() with FOLL_LONGTERM',
      title: 'iommufd user-page pinning without FOLL_LONGTERM.',
    },
    era: 'v6.2+ (iommufd)',
    supersedes: ['longterm-pin-shortterm-fallback', 'longterm-pin-without-foll-longterm'],
    triggers: ['drivers/iommu/iommufd/'],
    citations: [
      {
        title: 'drivers/iommu/iommufd/pages.c: pfn_reader_user_init() starts gup_flags from FOLL_LONGTERM',
        ref: 'drivers/iommu/iommufd/pages.c',
        url: 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/drivers/iommu/iommufd/pages.c',
      },
      {
        title: 'pin_user_pages() and related calls, case 2 (long-term DMA)',
        ref: 'Documentation/core-api/pin_user_pages.rst',
        url: 'https://docs.kernel.org/core-api/pin_user_pages.html',
      },
      {
        title: 'IOMMUFD documentation',
        ref: 'Documentation/userspace-api/iommufd.rst',
        url: 'https://docs.kernel.org/userspace-api/iommufd.html',
      },
    ],
    background: ['docs/knowledge/gup-api-history.md', 'docs/knowledge/longterm-vs-shortterm-pins.md'],
    messages: {
      missing:
        '{{call}}() in {{fn}}() pins IOAS pages without FOLL_LONGTERM ({{flags}}). iommufd IOAS mappings are long-term DMA ' +
        'mappings exactly like vfio type1: the pages stay pinned until the area is unmapped, so the pin must request ' +
        'FOLL_LONGTERM and GUP must refuse fs-dax (and other memory that cannot be pinned long-term).',
      flagsDropped:
        '{{what}} in {{fn}}() no longer starts from FOLL_LONGTERM. Every IOAS pin reads these flags, and iommufd IOAS ' +
        'mappings are long-term DMA mappings exactly like vfio type1; without FOLL_LONGTERM GUP stops refusing fs-dax ' +
        'and other memory that cannot be pinned long-term.',
      notPinned:
        '{{call}}() in {{fn}}() takes FOLL_GET references for IOAS pages. iommufd mappings are long-term DMA, which ' +
        'needs pin_user_pages*() with FOLL_LONGTERM (Documentation/core-api/pin_user_pages.rst, case 2) and release ' +
        'with unpin_user_page*(); plain get_user_pages*() references are invisible to folio_maybe_dma_pinned().',
    },
  },
  check(ctx) {
    const balance = patchFlagBalance(ctx.diff, LONGTERM);
    for (const file of ctx.codeFiles().filter((f) => IOMMUFD.test(f.path))) {
      const fragment = ctx.code(file, 'new');
      const longtermFn = (fn: string | null): boolean => fn === null || !CPU_ACCESS.test(fn);
      const reported = new Set<number | null>();
      for (const site of findCallSites(fragment, (n) => GUP_FLAG_ARGUMENT.has(n))) {
        if (!longtermFn(site.fn)) continue;
        const arg = gupFlagArgument(site.call);
        if (arg === null) continue;
        const r = resolveWithMembers(fragment, arg.tokens, site.call.nameToken);
        const touched =
          site.changed || r.via.some((a) => [a.targetToken, ...a.value].some((t) => isChanged(fragment, t)));
        if (!touched) continue;
        const report = { data: { call: site.call.name, fn: site.fn ?? 'this function', flags: arg.text } };
        if (!isPinCall(site.call.name) && site.changed) {
          reported.add(callLine(fragment, site).newLine);
          ctx.reportAt(fragment, site, { ...report, messageId: 'notPinned' });
          continue;
        }
        const carries = r.constants.has(LONGTERM) && !r.cleared.has(LONGTERM);
        if (carries || r.unresolved.some((v) => FLAG_NAME.test(v))) continue;
        reported.add(callLine(fragment, site).newLine);
        ctx.reportAt(fragment, site, { ...report, messageId: 'missing' });
      }
      if (file.oldPath === null || balance.added >= balance.removed) continue;
      for (const d of droppedFlags(ctx.code(file, 'old'), fragment, LONGTERM)) {
        if (!longtermFn(d.fn) || reported.has(d.line.newLine)) continue;
        ctx.reportAtLine(fragment, d.line, {
          messageId: 'flagsDropped',
          data: { what: d.what, fn: d.fn ?? 'this function' },
        });
      }
    }
  },
});
