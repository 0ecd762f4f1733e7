import { addedFlagClears } from '../../src/c/flag-clears.js';
import { droppedFlags, patchFlagBalance } from '../../src/c/flag-drops.js';
import { LONGTERM_GATES, addedBypassFlags } from './gup-bypass.js';
import { pinRetriesWithout } from './pin-retry.js';
import { classifyPinSite } from '../../src/c/pin-sites.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';

export type MessageIds = 'dropped' | 'cleared' | 'retry' | 'bypassFlag';

const FLAG = 'FOLL_LONGTERM';
/** GUP's own tests and user-space tools toggle flags on purpose. */
const TEST_FILE = /^(?:tools\/|mm\/gup_(?:test|benchmark)\.c$)/;
/** A commit message that argues the site never needed a long-term pin (such a patch is argued on the list, not flagged). */
const SHORT_TERM_CLAIM =
  /short[- ]term|mmu[ _-]?notifier|not (?:a |really )?long[- ]term|hmm_range_fault|transient(?:ly)? pin|duration of the (?:ioctl|call|syscall|system call)|(?:unpinned|released) before|(?:does not|doesn't|don't|do not) outlive/i;

export default defineRule<MessageIds>({
  id: 'longterm-pin-shortterm-fallback',
  meta: {
    type: 'problem',
    defaultSeverity: 'error',
    scope: 'diff',
    confidence: 'high',
    docs: {
      description: 'Disallow removing, masking off or retrying without FOLL_LONGTERM on a long-term pin',
      title: 'FOLL_LONGTERM removed, masked off, or retried without it.',
    },
    era: 'all',
    supersedes: ['longterm-pin-without-foll-longterm'],
    triggers: [FLAG, ...LONGTERM_GATES],
    citations: [
      lore(
        '1cc159b9-5f94-4524-8e03-efe91601ccfc@kernel.org',
        'David Hildenbrand: a long-term pin must stay FOLL_LONGTERM (SEV thread)',
      ),
      lore(
        '27ebe8f0-78b6-402a-a2e7-4e807251d20a@kernel.org',
        'David Hildenbrand: no short-term fallback; it also breaks MIGRATE_CMA',
      ),
      commit('8ac268436e6d', 'mm/gup: disallow FOLL_LONGTERM GUP-nonfast writing to file-backed mappings'),
      commit('7e066cb9b71a', 'KVM: SEV: Use long-term pin when registering encrypted memory regions'),
    ],
    background: ['docs/knowledge/longterm-vs-shortterm-pins.md', 'docs/knowledge/gup-api-history.md'],
    messages: {
      dropped:
        '{{what}} in {{fn}}() no longer carries FOLL_LONGTERM, but this is a long-term pin ({{reason}}). If the pages ' +
        'are held for DMA beyond the call, the pin must stay FOLL_LONGTERM: without it GUP no longer refuses fs-dax ' +
        'blocks that the filesystem can reallocate under DMA, nor writable pins of page-cache files that break ' +
        'writeback, and it stops migrating the pages out of CMA/ZONE_MOVABLE. If a mapping type has to work, fix the ' +
        'mapping (drop FOLL_WRITE when only read access is needed, or back the memory with device-dax, shmem or ' +
        'hugetlbfs), not the flag.',
      cleared:
        '`{{text}}` in {{fn}}() masks FOLL_LONGTERM off before pinning. A pin that is held for DMA beyond the call ' +
        'must stay long-term; turning it into a short-term pin re-opens exactly what GUP refuses on purpose (fs-dax ' +
        'blocks reallocated under DMA, writable page-cache pins that break writeback, unmovable pages in ' +
        'CMA/ZONE_MOVABLE). Fix the mapping (e.g. drop FOLL_WRITE when only reading), not the flag.',
      retry:
        '{{retry}}() in {{fn}}() pins the same range again without FOLL_LONGTERM after the long-term {{first}}() ' +
        'failed. GUP refuses that long-term pin on purpose (fs-dax: -EOPNOTSUPP; writable page-cache file: -EFAULT; ' +
        'pages it cannot migrate out of CMA/ZONE_MOVABLE); falling back to a short-term pin that is then held for DMA ' +
        'lets the filesystem reallocate or write back pages the device still uses. Return the error instead, or fix ' +
        'the mapping (read-only pin, device-dax, shmem or hugetlbfs memory).',
      bypassFlag:
        '{{flag}} in {{fn}}() lets callers skip a long-term pin check. FOLL_LONGTERM refuses fs-dax and writable ' +
        'page-cache mappings because nothing can recall such pins when the filesystem changes the block layout or ' +
        'writes back; a flag that bypasses the check brings those cases back for every caller that sets it. Unless the ' +
        "mm maintainers agree and the commit message scopes the exception, fix the caller's mapping instead.",
    },
  },
  check(ctx) {
    const justified = SHORT_TERM_CLAIM.test(ctx.commitMessage);
    const balance = patchFlagBalance(ctx.diff, FLAG);
    const moved = balance.added >= balance.removed;
    for (const file of ctx.codeFiles().filter((f) => !TEST_FILE.test(f.path))) {
      const fragment = ctx.code(file, 'new');
      const site = (fn: string | null) => classifyPinSite(file.path, fn);
      // A site is judged unless it is short-term, or guessed (name / unknown) and the commit says why.
      const judged = (fn: string | null): boolean => {
        const s = site(fn);
        return s.kind === 'longterm'
          ? s.source === 'table' || !justified
          : s.kind === 'unknown' && !justified && !/^(?:mm|include)\//.test(file.path);
      };
      const reason = (fn: string | null): string => {
        const s = site(fn);
        return s.kind === 'longterm' ? s.reason : 'it carried FOLL_LONGTERM before this patch';
      };
      if (file.oldPath !== null && !moved) {
        for (const d of droppedFlags(ctx.code(file, 'old'), fragment, FLAG)) {
          if (!judged(d.fn)) continue;
          ctx.reportAtLine(fragment, d.line, {
            messageId: 'dropped',
            data: { what: d.what, fn: d.fn ?? 'this function', reason: reason(d.fn) },
          });
        }
      }
      for (const c of addedFlagClears(fragment, FLAG)) {
        if (site(c.line.fn).kind === 'shortterm' && !/^mm\/gup\.c$/.test(file.path)) continue;
        ctx.reportAtLine(fragment, c.line, {
          messageId: 'cleared',
          data: { text: c.text, fn: c.line.fn ?? 'this function' },
        });
      }
      for (const r of pinRetriesWithout(fragment, FLAG)) {
        const s = site(r.retry.fn);
        if (s.kind === 'shortterm' || (r.firstCarries === 'unknown' && (s.kind !== 'longterm' || s.source !== 'table')))
          continue;
        ctx.reportAt(fragment, r.retry, {
          messageId: 'retry',
          data: { retry: r.retry.call.name, first: r.first.call.name, fn: r.retry.fn ?? 'this function' },
        });
      }
      for (const b of addedBypassFlags(fragment)) {
        ctx.reportAtLine(fragment, b.line, {
          messageId: 'bypassFlag',
          data: { flag: b.flag, fn: b.line.fn ?? 'this function' },
        });
      }
    }
  },
});
