import { flagUse } from '../../src/c/flag-use.js';
import { isChanged, lineOf, type CodeFragment, type FragmentLine } from '../../src/c/fragment.js';
import { gupFlagArgument } from '../../src/c/gup-api.js';
import { resolveFlags } from '../../src/c/resolve-flags.js';
import { preprocConditions, selectsKernelVersion } from '../../src/c/preproc-conditions.js';
import { findCallSites, scopeAssignments, type CallSite } from '../../src/c/scope.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { RuleContext } from '../../src/engine/rule.js';
import { surelyAtLeast, surelyBefore } from '../../src/era/era-bounds.js';
import { formatKernel } from '../../src/era/kernel-version.js';

export type MessageIds =
  | 'longtermApiRemoved'
  | 'putUserPageRenamed'
  | 'neverMerged'
  | 'remoteLongterm'
  | 'lockedLongterm'
  | 'vmasRemoved'
  | 'flagTooOld';
type Ctx = RuleContext<MessageIds>;

const PUT_USER_PAGE = new Set(['put_user_page', 'put_user_pages', 'put_user_pages_dirty_lock']);
const NEVER_MERGED = new Set(['pin_longterm_pages', 'pin_longterm_pages_remote']);
const LOCKED = /^(?:get|pin)_user_pages_(?:locked|unlocked)$/;
/** Argument counts once `vmas` was gone (v6.5): get/pin_user_pages(start, nr, flags, pages), *_remote(mm, start, nr, flags, pages, locked). */
const ARGS_WITHOUT_VMAS: ReadonlyMap<string, number> = new Map([
  ['get_user_pages', 4],
  ['pin_user_pages', 4],
  ['get_user_pages_remote', 6],
  ['pin_user_pages_remote', 6],
]);
const WATCHED = new Set([
  ...PUT_USER_PAGE,
  ...NEVER_MERGED,
  ...ARGS_WITHOUT_VMAS.keys(),
  'get_user_pages_longterm',
  'get_user_pages_locked',
  'get_user_pages_unlocked',
  'pin_user_pages_locked',
  'pin_user_pages_unlocked',
]);

/** `static inline long get_user_pages_longterm(…`, `void put_user_page(struct page *page);`, `#define FOLL_LONGTERM …`. */
const DEFINITION = /^\+(?:[A-Za-z_][\w\s*]*?[\s*])(\w+)\s*\(|^\+\s*#\s*define\s+(\w+)/gm;

/** Names the patch (or its series) defines or declares: a series that introduces an API may use it. */
function introduced(ctx: Ctx): Set<string> {
  const out = new Set<string>();
  for (const p of [ctx.patch, ...(ctx.series?.patches ?? [])]) {
    for (const m of (p.diffText ?? '').matchAll(DEFINITION)) {
      const name = m[1] ?? m[2];
      if (name !== undefined && !/^(?:return|else|if|while|for|switch)$/.test(name)) out.add(name);
    }
  }
  return out;
}

/** FOLL_LONGTERM may reach this call's flags, and the patch put it there or wrote the call. */
function passesLongterm(fragment: CodeFragment, site: CallSite): boolean {
  const flags = gupFlagArgument(site.call);
  if (flags === null) return false;
  const via = resolveFlags(flags.tokens, scopeAssignments(fragment, site.line)).via;
  return [...flags.tokens, ...via.flatMap((a) => a.value)].some(
    (t) =>
      t.text === 'FOLL_LONGTERM' &&
      (site.changed || isChanged(fragment, t)) &&
      flagUse(fragment.code, fragment.code.indexOf(t)) === 'set',
  );
}

function problem(ctx: Ctx, fragment: CodeFragment, site: CallSite): MessageIds | null {
  const name = site.call.name;
  const on = (v: string): boolean => surelyAtLeast(ctx.era, v, ctx.patch);
  // While the FOLL_PIN series was under review (v5.5 era) the name was its proposal, not a mistake.
  if (NEVER_MERGED.has(name) && site.changed && on('v5.6')) return 'neverMerged';
  if (name === 'get_user_pages_longterm' && site.changed && on('v5.2')) return 'longtermApiRemoved';
  if (PUT_USER_PAGE.has(name) && site.changed && on('v5.6')) return 'putUserPageRenamed';
  if (name === 'get_user_pages_remote' && surelyBefore(ctx.era, 'v5.6') && passesLongterm(fragment, site))
    return 'remoteLongterm';
  if (LOCKED.test(name) && surelyBefore(ctx.era, 'v6.2') && passesLongterm(fragment, site)) return 'lockedLongterm';
  const max = ARGS_WITHOUT_VMAS.get(name);
  if (max !== undefined && site.changed && site.call.complete && site.call.args.length > max && on('v6.5'))
    return 'vmasRemoved';
  return null;
}

export default defineRule<MessageIds>({
  id: 'get-user-pages-longterm-removed-api',
  meta: {
    type: 'problem',
    defaultSeverity: 'error',
    scope: 'diff',
    confidence: 'high',
    docs: {
      description:
        'Disallow GUP functions, arguments and FOLL_LONGTERM combinations that the target kernel does not have or rejects',
      title: 'GUP API or flag combination not valid for the target kernel.',
    },
    era: 'era-aware: judged against the target tree (v4.15, v5.2, v5.6, v6.2, v6.5 boundaries)',
    triggers: [...WATCHED, 'FOLL_LONGTERM'],
    citations: [
      commit('932f4a630a69', 'mm/gup: replace get_user_pages_longterm() with FOLL_LONGTERM'),
      commit('c4237f8b1f4f', "mm: fix get_user_pages_remote()'s handling of FOLL_LONGTERM"),
      commit('f1f6a7dd9b53', 'mm, tree-wide: rename put_user_page*() to unpin_user_page*()'),
      lore(
        '20221213142614.525a9240506119abc3cef6b6@linux-foundation.org',
        'MM pull for v6.2 (mm/gup: remove the restriction on locked with FOLL_LONGTERM)',
      ),
      {
        title: 'pin_user_pages() and related calls',
        ref: 'Documentation/core-api/pin_user_pages.rst',
        url: 'https://docs.kernel.org/core-api/pin_user_pages.html',
      },
    ],
    background: ['docs/knowledge/gup-api-history.md'],
    messages: {
      longtermApiRemoved:
        'get_user_pages_longterm() was removed in v5.2 (932f4a630a69) and does not exist in the target ' +
        'tree, {{tree}} [{{why}}]. Use pin_user_pages*(…, FOLL_LONGTERM | …) and release with unpin_user_page*() ' +
        '(get_user_pages(…, FOLL_LONGTERM | …) + put_page() on v5.2-v5.5 trees).',
      putUserPageRenamed:
        '{{call}}() was renamed to unpin_user_page*() in v5.6 (f1f6a7dd9b53) and does not exist in the target ' +
        'tree, {{tree}} [{{why}}]. Pages from pin_user_pages*() are released with unpin_user_page(), unpin_user_pages() ' +
        'or unpin_user_pages_dirty_lock().',
      neverMerged:
        '{{call}}() never existed in a released kernel: it appeared only in 2019 postings of the FOLL_PIN series, and ' +
        'v5.6 merged pin_user_pages*() plus the FOLL_LONGTERM flag instead. Use pin_user_pages*(…, FOLL_LONGTERM | …) ' +
        'and release with unpin_user_page*().',
      remoteLongterm:
        'FOLL_LONGTERM is passed to get_user_pages_remote(), which before v5.6 (c4237f8b1f4f) warned and returned ' +
        '-EINVAL for it; the target tree is {{tree}} [{{why}}]. On that tree a remote long-term pin has to check ' +
        'vma_is_fsdax() itself, as vfio did; from v5.6 use pin_user_pages_remote(…, FOLL_LONGTERM | …).',
      lockedLongterm:
        'FOLL_LONGTERM is passed to {{call}}(), and before v6.2 the _locked/_unlocked variants warned and returned ' +
        '-EINVAL for it; the target tree is {{tree}} [{{why}}]. Use pin_user_pages() or pin_user_pages_fast() with ' +
        'FOLL_LONGTERM there.',
      vmasRemoved:
        '{{call}}() is given a vmas argument, which GUP no longer has from v6.5 (target tree {{tree}} [{{why}}]). Drop ' +
        'it; a caller that needs the vma looks it up itself (vma_lookup() under the mmap lock).',
      flagTooOld:
        'FOLL_LONGTERM does not exist in the target tree, {{tree}} [{{why}}]: the flag arrived in v5.2 (932f4a630a69), ' +
        'and trees before v4.15 have no long-term GUP form at all.',
    },
  },
  check(ctx) {
    const own = introduced(ctx);
    const data = { tree: formatKernel(ctx.era.kernel), why: ctx.era.why };
    for (const file of ctx.codeFiles().filter((f) => !f.path.startsWith('tools/'))) {
      const fragment = ctx.code(file, 'new');
      // Compat code picks the API per kernel (`#if LINUX_VERSION_CODE …`): each branch is right for
      // the trees it is compiled on, like a stable backport (the knowledge base's must-not).
      const guarded = (line: FragmentLine): boolean =>
        selectsKernelVersion(preprocConditions(fragment, fragment.lines.indexOf(line)));
      for (const site of findCallSites(fragment, (n) => WATCHED.has(n) && !own.has(n))) {
        if (guarded(site.line)) continue;
        const messageId = problem(ctx, fragment, site);
        if (messageId !== null) ctx.reportAt(fragment, site, { messageId, data: { ...data, call: site.call.name } });
      }
      if (!surelyBefore(ctx.era, 'v4.15') || own.has('FOLL_LONGTERM')) continue;
      const flag = fragment.code.find(
        (t) => t.text === 'FOLL_LONGTERM' && isChanged(fragment, t) && !guarded(lineOf(fragment, t)),
      );
      if (flag !== undefined) ctx.reportAtToken(fragment, flag, { messageId: 'flagTooOld', data });
    }
  },
});
