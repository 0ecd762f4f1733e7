import { flagUse } from '../../src/c/flag-use.js';
import { isChanged, lineOf, type CodeFragment } from '../../src/c/fragment.js';
import { GUP_FLAG_ARGUMENT, gupFlagArgument, isPinCall } from '../../src/c/gup-api.js';
import { refMismatches, type RefMismatch } from '../../src/c/ref-pairs.js';
import { resolveFlags } from '../../src/c/resolve-flags.js';
import { findCallSites, scopeAssignments } from '../../src/c/scope.js';
import type { Token } from '../../src/c/tokenize.js';
import { commit } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';

export type MessageIds =
  'pinReleasedWithPut' | 'getReleasedWithUnpin' | 'releaseNotConverted' | 'internalFlag' | 'getFlagOnPin';

/**
 * mm/ manipulates pin counts itself (gup.c, huge_memory.c …); mm/frame_vector.c is an ordinary
 * GUP user that lived there until v5.12. The GUP headers and the user-space tools are not callers.
 */
const MM_INTERNAL = /^(?:mm\/(?!frame_vector\.c$)|tools\/|include\/linux\/(?:mm|mm_types|pagemap|huge_mm|hugetlb)\.h$)/;

const signature = (m: RefMismatch): string => `${m.root}|${m.acquireKind}|${m.releaseKind}`;

/** FOLL_PIN / FOLL_GET that the patch adds to the flags of a GUP call it can see. */
function addedInternalFlags(
  fragment: CodeFragment,
): { token: Token; call: string; id: 'internalFlag' | 'getFlagOnPin' }[] {
  const out: { token: Token; call: string; id: 'internalFlag' | 'getFlagOnPin' }[] = [];
  const seen = new Set<Token>();
  for (const site of findCallSites(fragment, (n) => GUP_FLAG_ARGUMENT.has(n))) {
    const flags = gupFlagArgument(site.call);
    if (flags === null) continue;
    const via = resolveFlags(flags.tokens, scopeAssignments(fragment, site.line)).via;
    const candidates = [...flags.tokens, ...via.flatMap((a) => a.value)];
    for (const t of candidates) {
      const wanted = t.text === 'FOLL_PIN' || (t.text === 'FOLL_GET' && isPinCall(site.call.name));
      if (!wanted || seen.has(t) || !isChanged(fragment, t)) continue;
      if (flagUse(fragment.code, fragment.code.indexOf(t)) !== 'set') continue;
      seen.add(t);
      out.push({ token: t, call: site.call.name, id: t.text === 'FOLL_PIN' ? 'internalFlag' : 'getFlagOnPin' });
    }
  }
  return out;
}

export default defineRule<MessageIds>({
  id: 'pin-unpin-mismatch',
  meta: {
    type: 'problem',
    defaultSeverity: 'error',
    scope: 'diff',
    confidence: 'high',
    docs: {
      description: 'Disallow releasing pinned user pages with put_page() or FOLL_GET pages with unpin_user_page()',
      title: 'Pages obtained with one GUP flavour are released with the other.',
    },
    era: 'v5.6+ (FOLL_PIN exists)',
    triggers: ['pin_user_pages', 'memfd_pin_folios', 'FOLL_PIN', 'FOLL_GET', 'unpin_user_page', 'unpin_folio'],
    citations: [
      commit('eddb1c228f79', 'mm/gup: introduce pin_user_pages*() and FOLL_PIN'),
      commit('f1f6a7dd9b53', 'mm, tree-wide: rename put_user_page*() to unpin_user_page*()'),
      commit('3faa52c03f44', 'mm/gup: track FOLL_PIN pages'),
      {
        title: 'pin_user_pages() and related calls',
        ref: 'Documentation/core-api/pin_user_pages.rst',
        url: 'https://docs.kernel.org/core-api/pin_user_pages.html',
      },
    ],
    background: ['docs/knowledge/gup-api-history.md'],
    messages: {
      pinReleasedWithPut:
        '{{release}}() drops {{root}}, but those pages come from {{acquire}}() (line {{line}}), which pins them with ' +
        'FOLL_PIN. A pinned page carries the pin bias (GUP_PIN_COUNTING_BIAS) and must be released with the ' +
        'unpin_user_page*() / unpin_folio*() family (unpin_user_pages_dirty_lock() when the device may have written ' +
        'to it); {{release}}() drops a single reference, so the pin leaks and folio_maybe_dma_pinned() stays true for ever.',
      getReleasedWithUnpin:
        '{{release}}() unpins {{root}}, but those pages come from {{acquire}}() (line {{line}}), which takes ordinary ' +
        'FOLL_GET references. unpin_user_page*() subtracts the pin bias from pages that never had it; drop these ' +
        'references with put_page() (or release_pages()/folio_put()), or take them with pin_user_pages*() instead.',
      releaseNotConverted:
        '{{acquire}}() (line {{line}}, changed by this patch) takes {{kind}} references on {{root}}, but this unchanged ' +
        '{{release}}() releases them as the other kind. Pages from pin_user_pages*() must be released with ' +
        'unpin_user_page*() and pages from get_user_pages*() with put_page(); a conversion has to change every ' +
        'release of the same pages together with the acquire side.',
      internalFlag:
        '{{flag}} is passed to {{call}}() here. FOLL_PIN is internal to GUP: callers never pass it, they choose the ' +
        'pin_user_pages*() entry point, which sets it (and pairs with unpin_user_page*()); current kernels refuse ' +
        'internal flags from callers with a warning.',
      getFlagOnPin:
        '{{flag}} is passed to {{call}}(), which already takes FOLL_PIN references. FOLL_GET and FOLL_PIN are ' +
        'mutually exclusive (GUP warns and fails the call); drop FOLL_GET and release the pages with unpin_user_page*().',
    },
  },
  check(ctx) {
    for (const file of ctx.codeFiles().filter((f) => !MM_INTERNAL.test(f.path))) {
      const fragment = ctx.code(file, 'new');
      // A mismatch the old code already had (perhaps moved by this patch) is not this patch's doing.
      const before = new Set(
        file.oldPath === null ? [] : refMismatches(ctx.code(file, 'old'), { all: true }).map(signature),
      );
      for (const m of refMismatches(fragment)) {
        if (before.has(signature(m))) continue;
        const acquireLine = lineOf(fragment, m.acquire.call.nameToken).newLine ?? '?';
        const messageId: MessageIds = !m.release.changed
          ? 'releaseNotConverted'
          : m.acquireKind === 'pin'
            ? 'pinReleasedWithPut'
            : 'getReleasedWithUnpin';
        ctx.reportAt(fragment, m.release, {
          messageId,
          data: {
            release: m.release.call.name,
            acquire: m.acquire.call.name,
            root: m.root,
            line: acquireLine,
            kind: m.acquireKind === 'pin' ? 'FOLL_PIN' : 'FOLL_GET',
          },
        });
      }
      for (const f of addedInternalFlags(fragment)) {
        ctx.reportAtToken(fragment, f.token, { messageId: f.id, data: { flag: f.token.text, call: f.call } });
      }
    }
  },
});
