import { isChanged, lineOf, type CodeFragment } from '../../src/c/fragment.js';
import { flagTerms } from '../../src/c/flag-terms.js';
import { GUP_FLAG_ARGUMENT, gupFlagArgument } from '../../src/c/gup-api.js';
import { classifyPinSite } from '../../src/c/pin-sites.js';
import { resolveFlags } from '../../src/c/resolve-flags.js';
import { findCallSites, scopeAssignments, scopeTokens, type CallSite } from '../../src/c/scope.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { RuleContext } from '../../src/engine/rule.js';
import { atLeast } from '../../src/era/target-era.js';

export type MessageIds = 'missing' | 'forceWithoutLongterm' | 'missingLongtermApi';

const isGup = (name: string): boolean => GUP_FLAG_ARGUMENT.has(name);

/** Pre-v5.2 long-term forms: the longterm API, or vfio's own fs-dax check for a remote mm. */
const OLD_FORMS = new Set(['get_user_pages_longterm', 'vma_is_fsdax']);

/**
 * Which long-term form the target tree has: FOLL_LONGTERM (v5.2, 932f4a630a69),
 * get_user_pages_longterm() (v4.15, 2bb6d2837083), or neither. A patch that names the flag is
 * written against a tree that has it, whatever its date says.
 */
function era(ctx: RuleContext<MessageIds>): 'flag' | 'longterm-api' | 'none' {
  if (atLeast(ctx.era, 'v5.2') || ctx.patch.diffText?.includes('FOLL_LONGTERM') === true) return 'flag';
  return atLeast(ctx.era, 'v4.15') ? 'longterm-api' : 'none';
}

/** The same call (callee and flag text) removed somewhere in the patch: code moved, not new. */
function isMoved(site: CallSite, flagText: string, oldFragments: readonly CodeFragment[]): boolean {
  return oldFragments.some((old) =>
    findCallSites(old, (n) => n === site.call.name).some(
      (o) => o.changed && gupFlagArgument(o.call)?.text === flagText,
    ),
  );
}

/** The patch removes FOLL_LONGTERM in this function: longterm-pin-shortterm-fallback's case. */
function dropsLongterm(old: CodeFragment | undefined, fn: string | null): boolean {
  return old?.code.some((t) => t.text === 'FOLL_LONGTERM' && isChanged(old, t) && lineOf(old, t).fn === fn) ?? false;
}

export default defineRule<MessageIds>({
  id: 'longterm-pin-without-foll-longterm',
  meta: {
    type: 'problem',
    defaultSeverity: 'error',
    scope: 'diff',
    confidence: 'high',
    docs: {
      description: 'Require FOLL_LONGTERM on get_user_pages/pin_user_pages calls that take a long-term DMA pin',
      title: 'A long-term DMA pin does not request FOLL_LONGTERM.',
    },
    era: 'v5.2+ (FOLL_LONGTERM); v4.15-v5.1 expect get_user_pages_longterm()',
    triggers: [...GUP_FLAG_ARGUMENT.keys()],
    citations: [
      commit('2bb6d2837083', 'mm: introduce get_user_pages_longterm'),
      commit('932f4a630a69', 'mm/gup: replace get_user_pages_longterm() with FOLL_LONGTERM'),
      {
        title: 'pin_user_pages() and related calls, case 2 (RDMA / long-term DMA)',
        ref: 'Documentation/core-api/pin_user_pages.rst',
        url: 'https://docs.kernel.org/core-api/pin_user_pages.html',
      },
      lore(
        '20201002233118.GM9916@ziepe.ca',
        'Jason Gunthorpe: a pin that outlives the syscall needs FOLL_LONGTERM; FOLL_FORCE is a tell',
      ),
      lore('cb56763e-4fda-a783-03ae-7f749ec55981@nvidia.com', 'John Hubbard: add FOLL_LONGTERM where it is missing'),
    ],
    background: ['docs/knowledge/longterm-vs-shortterm-pins.md', 'docs/knowledge/gup-api-history.md'],
    messages: {
      missing:
        '{{call}}() in {{fn}}() takes a long-term pin ({{reason}}), but its flags ({{flags}}) never include ' +
        'FOLL_LONGTERM. Pages kept pinned after the system call returns, for a device to use later, are case 2 of ' +
        'Documentation/core-api/pin_user_pages.rst and must be pinned with FOLL_LONGTERM: that is what makes GUP ' +
        'refuse fs-dax ranges (and migrate pages out of ZONE_MOVABLE/CMA first). Without it, truncating or punching ' +
        'a hole in the DAX file either blocks for as long as this pin lives or, where nothing waits for the pin, ' +
        'frees blocks the device is still accessing.',
      forceWithoutLongterm:
        '{{call}}() in {{fn}}() pins with FOLL_FORCE ({{flags}}) but without FOLL_LONGTERM, although the pin is ' +
        'long-term ({{reason}}). FOLL_FORCE on a pin is the usual sign of a long-lived registration; such a pin must ' +
        'request FOLL_LONGTERM (pin_user_pages.rst case 2) so GUP refuses fs-dax ranges and migrates pages out of ' +
        'ZONE_MOVABLE/CMA. Otherwise a truncate or hole punch on a DAX file blocks for the life of the pin or frees ' +
        'blocks still under DMA.',
      missingLongtermApi:
        '{{call}}() in {{fn}}() takes a long-term pin ({{reason}}) with the plain GUP call. Before FOLL_LONGTERM ' +
        '(v5.2) a long-term pin had to use get_user_pages_longterm() (v4.15+), which refuses fs-dax vmas, or check ' +
        'vma_is_fsdax() itself for a remote mm as vfio did; otherwise a truncate or hole punch on a DAX file blocks ' +
        'for the life of the pin or frees blocks still under DMA.',
    },
  },
  check(ctx) {
    const when = era(ctx);
    if (when === 'none') return;
    const oldFragments = ctx.codeFiles({ side: 'old' }).map((f) => ctx.code(f, 'old'));
    for (const file of ctx.codeFiles()) {
      const fragment = ctx.code(file, 'new');
      for (const site of findCallSites(fragment, isGup)) {
        // get_user_pages_remote() refused FOLL_LONGTERM until v5.6 (c4237f8b1f4f); before that a
        // remote long-term pin checked vma_is_fsdax() itself, possibly outside the hunk (docs/knowledge/gup-api-history.md).
        if (site.call.name.endsWith('_remote') && !atLeast(ctx.era, 'v5.6')) continue;
        const pinSite = classifyPinSite(file.path, site.fn);
        const flagArg = gupFlagArgument(site.call);
        if (pinSite.kind !== 'longterm' || flagArg === null) continue;
        const resolution = resolveFlags(flagArg.tokens, scopeAssignments(fragment, site.line));
        if (resolution.constants.has('FOLL_LONGTERM')) continue;
        // Flags we cannot see: a struct member is set elsewhere (iommufd's user->gup_flags), so stay
        // silent; a parameter counts only at a site from the catalog's table, not on a name guess.
        const unseen = resolution.unresolved.filter((v) => /flag/i.test(v));
        if (unseen.some((v) => /->|\./.test(v)) || (pinSite.source === 'name' && unseen.length > 0)) continue;
        const forceAdded = resolution.via.some(
          (a) => isChanged(fragment, a.targetToken) && flagTerms(a.value).set.has('FOLL_FORCE'),
        );
        if (!site.changed && !forceAdded) continue;
        if (scopeTokens(fragment, site.line).some((t) => OLD_FORMS.has(t.text))) continue;
        const old = oldFragments.find((o) => o.file === file);
        if (dropsLongterm(old, site.fn) || isMoved(site, flagArg.text, oldFragments)) continue;
        const messageId: MessageIds =
          when === 'longterm-api'
            ? 'missingLongtermApi'
            : resolution.constants.has('FOLL_FORCE')
              ? 'forceWithoutLongterm'
              : 'missing';
        ctx.reportAt(fragment, site, {
          messageId,
          data: { call: site.call.name, fn: site.fn ?? 'this function', reason: pinSite.reason, flags: flagArg.text },
        });
      }
    }
  },
});
