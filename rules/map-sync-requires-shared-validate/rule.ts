import { expressionAt } from '../../src/c/expression-at.js';
import { mmapFlagViews } from '../../src/c/mmap-flag-views.js';
import { isChanged, lineOf } from '../../src/c/fragment.js';
import { isMmapAbiPath, QEMU_RAM_MMAP, QEMU_RAM_MMAP_FLAGS } from '../../src/c/mmap-api.js';
import { resolveOrTerms, type ResolvedOrTerms } from '../../src/c/or-terms.js';
import { preprocConditions, selectsNonLinux } from '../../src/c/preproc-conditions.js';
import { findCallSites, hunkUnit, scopeAssignments } from '../../src/c/scope.js';
import { commitMessageUnit, hunkUnits } from '../../src/c/text-units.js';
import { tokensText } from '../../src/c/token-text.js';
import type { Token } from '../../src/c/tokenize.js';
import { commit } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { RuleContext } from '../../src/engine/rule.js';
import { claimsSyncedMapping, pmemWithoutShare } from './config-claims.js';

export type MessageIds =
  'missingValidate' | 'privateMapping' | 'weakDefinition' | 'qemuSyncWithoutShared' | 'pmemNotShared';

const TEST_PATH = /(?:^|\/)(?:selftests?|tests?|testcases|testing)\//;
const ZERO_SYNC =
  /^\s*(?:#\s*define\s+MAP_SYNC\s+\(?\s*0(?:x0+)?\s*\)?|(?:pub\s+)?const\s+MAP_SYNC\b[^=]*=\s*0(?:x0+)?\s*;)\s*(?:\/[*/].*)?$/;
const WEAK_VALIDATE =
  /^\s*(?:#\s*define\s+MAP_SHARED_VALIDATE\s+|(?:pub\s+)?(?:const|static)\s+MAP_SHARED_VALIDATE\b[^=]*=\s*)\(?\s*(?:[\w]+(?:::|\.))?(MAP_SHARED|0x0*1|1|0x0*|0)\s*\)?\s*;?\s*(?:\/[*/].*)?$/;

const squash = (tokens: readonly Token[]): string => tokensText(tokens).replace(/\s+/g, '');
const addedLines = (ctx: RuleContext<MessageIds>): string[] =>
  ctx.diff.flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'add').map((l) => l.text)));

/** Everything a flag view may carry is visible: no unresolved variable, call, or test. */
const closed = (v: ResolvedOrTerms): boolean => !v.test && v.unresolved.length === 0 && v.opaque.length === 0;

export default defineRule<MessageIds>({
  id: 'map-sync-requires-shared-validate',
  meta: {
    type: 'problem',
    defaultSeverity: 'error',
    scope: 'diff',
    confidence: 'high',
    docs: {
      description: 'Require MAP_SHARED_VALIDATE (not MAP_SHARED or MAP_PRIVATE) wherever MAP_SYNC is requested',
      title: 'MAP_SYNC used without MAP_SHARED_VALIDATE (or on a private mapping).',
    },
    era: 'v4.15+',
    triggers: ['MAP_SYNC', 'MAP_SHARED_VALIDATE', 'pmem=on', '<pmem', '"pmem"'],
    citations: [
      commit('1c9725974074', 'mm: introduce MAP_SHARED_VALIDATE, a mechanism to safely define new mmap flags'),
      commit('b6fb293f2497', 'mm: Define MAP_SYNC and VM_SYNC flags'),
      { title: 'mmap(2): MAP_SHARED_VALIDATE and MAP_SYNC', url: 'https://man7.org/linux/man-pages/man2/mmap.2.html' },
      {
        title: 'do_mmap(): unknown flags are ignored for MAP_SHARED, validated for MAP_SHARED_VALIDATE',
        ref: 'mm/mmap.c',
        url: 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/mm/mmap.c',
      },
      {
        title: 'QEMU util/mmap-alloc.c: QEMU_MAP_SYNC is ignored without QEMU_MAP_SHARED',
        ref: '89f221ed892b',
        url: 'https://gitlab.com/qemu-project/qemu/-/blob/master/util/mmap-alloc.c',
      },
    ],
    background: ['docs/knowledge/map-sync.md'],
    messages: {
      missingValidate:
        'MAP_SYNC is requested here ({{flags}}) without MAP_SHARED_VALIDATE. With plain MAP_SHARED the kernel ' +
        'silently ignores unknown flags, so this mapping succeeds without synchronous faults wherever MAP_SYNC is ' +
        'unsupported. Use MAP_SHARED_VALIDATE so an unsupported request fails with EOPNOTSUPP (EINVAL on kernels ' +
        'before 4.15), and handle that error explicitly.',
      privateMapping:
        'MAP_SYNC is combined with MAP_PRIVATE ({{flags}}). MAP_SYNC is defined only for MAP_SHARED_VALIDATE ' +
        'mappings: a private copy-on-write mapping never writes back to the file, so synchronous faults mean ' +
        'nothing there. Map the file with MAP_SHARED_VALIDATE | MAP_SYNC, or drop MAP_SYNC.',
      weakDefinition:
        'This defines MAP_SHARED_VALIDATE as {{value}} on a Linux build. Code that then asks for ' +
        'MAP_SHARED_VALIDATE | MAP_SYNC gets a plain MAP_SHARED mapping, on which the kernel silently ignores ' +
        'MAP_SYNC. Use the real value (0x03, from <linux/mman.h>), or stub MAP_SYNC to 0 together with it so ' +
        'nothing pretends to request synchronous faults.',
      qemuSyncWithoutShared:
        '{{call}}() gets QEMU_MAP_SYNC without QEMU_MAP_SHARED ({{flags}}). qemu_ram_mmap() ignores QEMU_MAP_SYNC ' +
        'unless the mapping is shared, so this RAM block is mapped without MAP_SYNC. MAP_SYNC needs a ' +
        'MAP_SHARED_VALIDATE mapping (share=on).',
      pmemNotShared:
        '{{config}} is presented as giving synchronous faults / persistence, but the backend is not shared ' +
        '({{why}}). QEMU requests MAP_SYNC only for share=on (MAP_SHARED_VALIDATE) mappings; a private mapping ' +
        "never reaches the file. Add share=on (libvirt access='shared').",
    },
  },
  check(ctx) {
    const removed = new Set<string>();
    for (const file of ctx.codeFiles({ side: 'old' })) {
      const old = ctx.code(file, 'old');
      old.code.forEach((t, k) => {
        if (t.text === 'MAP_SYNC' && isChanged(old, t))
          removed.add(squash(expressionAt(old.code, k, hunkUnit(old)).tokens));
      });
    }
    const pairedStub = addedLines(ctx).some((l) => ZERO_SYNC.test(l));
    const deliberate = /\bignor/i.test(ctx.commitMessage);
    for (const file of ctx.codeFiles().filter((f) => !isMmapAbiPath(f.path))) {
      const fragment = ctx.code(file, 'new');
      const fileText = fragment.lines.map((l) => l.text).join('\n');
      if (TEST_PATH.test(file.path) && (deliberate || /MAP_SHARED_VALIDATE|\bignor/i.test(fileText))) continue;
      const reported = new Set<number>();
      const report = (messageId: MessageIds, data: Record<string, string>, tokens: readonly Token[]): void => {
        const at = tokens.map((t) => lineOf(fragment, t)).find((l) => l.kind === 'add');
        if (at?.newLine == null || reported.has(at.newLine)) return;
        reported.add(at.newLine);
        ctx.reportAtLine(fragment, at, { messageId, data });
      };
      fragment.code.forEach((t, k) => {
        if (t.text !== 'MAP_SYNC') return;
        const found = mmapFlagViews(fragment, k);
        if (found === null || removed.has(squash(found.tokens))) return;
        const { views, tokens } = found;
        if (
          !views.every(
            (v) =>
              closed(v) &&
              v.constants.has('MAP_SYNC') &&
              !v.cleared.has('MAP_SYNC') &&
              !v.constants.has('MAP_SHARED_VALIDATE'),
          )
        )
          return;
        const changed = [...tokens, ...views.flatMap((v) => v.via.flatMap((a) => [a.targetToken, ...a.value]))];
        const flags = { flags: tokensText(tokens) };
        if (views.every((v) => v.constants.has('MAP_PRIVATE') && !v.constants.has('MAP_SHARED')))
          report('privateMapping', flags, [t, ...changed]);
        else if (views.every((v) => v.constants.has('MAP_SHARED'))) report('missingValidate', flags, [t, ...changed]);
      });
      fragment.lines.forEach((line, k) => {
        const m = line.kind === 'add' ? WEAK_VALIDATE.exec(line.text) : null;
        if (m === null || pairedStub || selectsNonLinux(preprocConditions(fragment, k)) || line.newLine === null)
          return;
        ctx.reportAtLine(fragment, line, { messageId: 'weakDefinition', data: { value: m[1] ?? '' } });
      });
      for (const site of findCallSites(fragment, (n) => n === QEMU_RAM_MMAP)) {
        const arg = site.call.args[QEMU_RAM_MMAP_FLAGS];
        if (arg === undefined || site.call.args.length < 5) continue;
        const v = resolveOrTerms(arg.tokens, scopeAssignments(fragment, site.line));
        if (!closed(v) || !v.constants.has('QEMU_MAP_SYNC') || v.constants.has('QEMU_MAP_SHARED')) continue;
        const setsSync = v.via.filter((a) => a.value.some((t) => t.text === 'QEMU_MAP_SYNC')).flatMap((a) => a.value);
        report('qemuSyncWithoutShared', { call: site.call.name, flags: arg.text }, [
          ...setsSync,
          ...arg.tokens,
          ...site.call.tokens,
        ]);
      }
    }
    const units = [...ctx.diff.flatMap(hunkUnits), commitMessageUnit(ctx.patch)].filter((u) => u !== null);
    for (const unit of units) {
      if (!claimsSyncedMapping(unit)) continue;
      for (const found of pmemWithoutShare(unit)) {
        ctx.reportAtTextLine(unit, found.line, {
          messageId: 'pmemNotShared',
          data: { config: found.config, why: found.why },
          excerpt: found.config,
        });
      }
    }
  },
});
