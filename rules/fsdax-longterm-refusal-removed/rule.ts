import { callFlags } from '../../src/c/call-flags.js';
import type { CodeFragment } from '../../src/c/fragment.js';
import { isGupRefusal, removedFsdaxTests, weakenedVmaIsFsdax, type RemovedFsdaxTest } from './fsdax-tests.js';
import { GUP_FLAG_ARGUMENT } from '../../src/c/gup-api.js';
import { classifyPinSite } from '../../src/c/pin-sites.js';
import { findCallSites } from '../../src/c/scope.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import { atLeast, type TargetEra } from '../../src/era/target-era.js';
import { formatKernel } from '../../src/era/kernel-version.js';

export type MessageIds = 'gupRefusalRemoved' | 'siteCheckRemoved' | 'vmaIsFsdaxWeakened';

/** Where GUP refuses long-term pins of fs-dax in the target tree (docs/knowledge/gup-api-history.md). */
function enforcedIn(era: TargetEra): string {
  if (!atLeast(era, 'v5.2')) return 'only get_user_pages_longterm() walks the vmas and refuses vma_is_fsdax()';
  if (!atLeast(era, 'v6.15'))
    return 'check_vma_flags() refuses fs-dax vmas on the slow path, and GUP-fast hands devmap pages to it';
  return 'check_vma_flags() refuses fs-dax vmas on the slow path and folio_is_longterm_pinnable() refuses fs-dax folios in GUP-fast';
}

/**
 * The pin calls left in the function of a removed site check that no longer get the refusal from
 * GUP: no FOLL_LONGTERM (nor get_user_pages_longterm()), or get_user_pages_remote() before v5.6,
 * which ignored the flag (c4237f8b1f4f). Unresolvable flag variables count as "may carry it".
 */
function unrefusedPins(fragment: CodeFragment, removed: RemovedFsdaxTest, era: TargetEra): string[] {
  const fn = removed.line.fn;
  if (fn === null) return [];
  return findCallSites(fragment, (n) => GUP_FLAG_ARGUMENT.has(n) || n === 'get_user_pages_longterm')
    .filter((s) => s.fn === fn && s.call.name !== 'get_user_pages_longterm')
    .filter((s) => {
      const flags = callFlags(fragment, s);
      const remoteIgnores =
        s.call.name.endsWith('_remote') && !atLeast(era, 'v5.6') && !flags.constants.has('FOLL_LONGTERM');
      return remoteIgnores || (!flags.constants.has('FOLL_LONGTERM') && flags.unresolvedFlags.length === 0);
    })
    .map((s) => s.call.name);
}

export default defineRule<MessageIds>({
  id: 'fsdax-longterm-refusal-removed',
  meta: {
    type: 'problem',
    defaultSeverity: 'error',
    scope: 'diff',
    confidence: 'high',
    docs: {
      description: 'Disallow removing the fs-dax refusal for long-term pins without an equivalent check',
      title: 'The fs-dax refusal for long-term pins is removed without an equivalent.',
    },
    era: 'all; where GUP enforces the refusal differs: get_user_pages_longterm() (v4.15-v5.1), check_vma_flags() (v5.2+), plus folio_is_longterm_pinnable() (v6.15+)',
    triggers: ['vma_is_fsdax', 'folio_is_fsdax', 'is_fsdax_page'],
    citations: [
      commit('2bb6d2837083', 'mm: introduce get_user_pages_longterm'),
      commit('932f4a630a69', 'mm/gup: replace get_user_pages_longterm() with FOLL_LONGTERM'),
      lore(
        'ZVw2CYKcZgjmHPXk@infradead.org',
        'Christoph Hellwig: the refusal stays, long-term mappings cannot be recalled',
      ),
      lore(
        '250a31876704b79f7c65b159f3c835e547f052df.1740713401.git-series.apopple@nvidia.com',
        "Alistair Popple: mm/gup: Don't allow FOLL_LONGTERM pinning of FS DAX pages",
      ),
    ],
    background: ['docs/knowledge/longterm-vs-shortterm-pins.md', 'docs/knowledge/gup-api-history.md'],
    messages: {
      gupRefusalRemoved:
        'This removes the {{predicate}}() test from {{fn}}(), which is where GUP refuses long-term pins of fs-dax ' +
        'memory in this tree ({{era}}: {{where}}). Long-term pins of fs-dax pages are refused because there is no way ' +
        'to revoke them when the filesystem changes its block layout: without the check a truncate or hole punch on the ' +
        'file waits in the break-layouts code for as long as the registration lives (or, where nothing waits, frees ' +
        'blocks still under DMA). Unless the patch adds a revocable (lease-based) registration, keep the refusal or ' +
        'show where GUP still enforces it.',
      siteCheckRemoved:
        "This removes {{fn}}()'s own {{predicate}}() check, but the pin left here ({{calls}}) does not get the refusal " +
        'from GUP in this tree ({{era}}): it passes no FOLL_LONGTERM, or it is get_user_pages_remote() before v5.6, ' +
        'which did not honour the flag. The pin is long-term, and fs-dax pages pinned long-term cannot be revoked when ' +
        'the filesystem changes its block layout; a truncate or hole punch then waits for the life of the pin or frees ' +
        'blocks under DMA. Keep the check, or pin with FOLL_LONGTERM through a GUP variant that enforces it.',
      vmaIsFsdaxWeakened:
        'vma_is_fsdax() no longer recognises regular files on a DAX filesystem, so every FOLL_LONGTERM user (vfio, ' +
        'iommufd, RDMA, io_uring, ...) would pin fs-dax pages that the filesystem cannot recall when it changes its ' +
        'block layout. Keep the fs-dax detection (excluding only device-dax, as the S_ISCHR test does) unless the ' +
        'patch adds a revocable registration.',
    },
  },
  check(ctx) {
    const era = `${formatKernel(ctx.era.kernel)}, ${ctx.era.why}`;
    const reported = new Set<string>();
    for (const r of removedFsdaxTests(ctx.diff)) {
      const key = `${r.file.path}:${r.line.fn ?? r.line.hunk}`;
      if (reported.has(key)) continue;
      const data = { predicate: r.site.call.name, fn: r.line.fn ?? 'this function', era };
      const old = ctx.code(r.file, 'old');
      if (isGupRefusal(r.file.path, r.line.fn)) {
        reported.add(key);
        ctx.reportAtLine(old, r.line, {
          messageId: 'gupRefusalRemoved',
          data: { ...data, where: enforcedIn(ctx.era) },
        });
        continue;
      }
      if (r.file.newPath === null || classifyPinSite(r.file.path, r.line.fn).kind === 'shortterm') continue;
      const calls = unrefusedPins(ctx.code(r.file, 'new'), r, ctx.era);
      if (calls.length === 0) continue;
      reported.add(key);
      ctx.reportAtLine(old, r.line, {
        messageId: 'siteCheckRemoved',
        data: { ...data, calls: [...new Set(calls)].map((c) => `${c}()`).join(', ') },
      });
    }
    for (const file of ctx.diff) {
      const line = weakenedVmaIsFsdax(file);
      if (line !== null) ctx.reportAtLine(ctx.code(file, 'new'), line, { messageId: 'vmaIsFsdaxWeakened' });
    }
  },
});
