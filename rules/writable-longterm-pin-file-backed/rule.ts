import { addedProse, isDocFile, proseSentences } from '../../src/c/added-prose.js';
import { isCodeFile, isCodePath } from '../../src/c/code-file.js';
import { isChanged, type CodeFragment } from '../../src/c/fragment.js';
import { GUP_FLAG_ARGUMENT, gupFlagArgument } from '../../src/c/gup-api.js';
import { isKvmFaultPath } from '../../src/c/kvm-fault-paths.js';
import { resolveFlags } from '../../src/c/resolve-flags.js';
import { findCallSites, scopeAssignments, scopeTokens, type CallSite } from '../../src/c/scope.js';
import { splitSentences } from '../../src/c/sentences.js';
import { hunkUnits } from '../../src/c/text-units.js';
import { classifyMemPath } from './mem-path-kind.js';
import { parseVmConfig } from '../../src/c/vm-config.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { RuleContext } from '../../src/engine/rule.js';
import { surelyAtLeast } from '../../src/era/era-bounds.js';
import type { DiffFile } from '../../src/model/diff.js';
import { claimsFileBackedPin } from './file-backed-claim.js';

export type MessageIds = 'fileBackedPin' | 'vmmConfig';
type Ctx = RuleContext<MessageIds>;

const TRAILER = /^(?:[A-Z][a-z]+(?:-[a-z]+)*-by|Cc|Fixes|Link|Closes|Message-I[Dd]|Based-on): /i;
const NOT_PINNERS = /^(?:mm\/|tools\/|include\/linux\/mm)/;
// The function itself sorts memory kinds: the pin is limited to shmem/memfd/hugetlbfs.
const KIND_CHECKS =
  /^(?:vma_is_shmem|shmem_file|is_file_hugepages|is_vm_hugetlb_page|memfd_\w+|vma_is_anonymous|folio_test_anon)$/;
// Configuration and documentation that carries VMM command lines or domain XML.
const CONFIG = /\.(?:sh|bash|xml|args|conf|cfg|ya?ml|json|py|ini|toml)$/i;

/** The author's sentences (subject title, commit message, added comments) that claim file-backed pinning. */
function claims(ctx: Ctx): string[] {
  const own = ctx.commitMessage
    .split('\n')
    .filter((l) => !l.startsWith('>') && !TRAILER.test(l))
    .join('\n');
  const text = [`${ctx.patch.subject.title}.`, own];
  for (const file of ctx.diff) {
    if (!isCodePath(file.path)) continue;
    for (const block of addedProse(file))
      if (block.origin === 'comment') text.push(...proseSentences(block).map((s) => s.text));
  }
  return text.flatMap((t) => splitSentences(t).map((s) => s.text)).filter(claimsFileBackedPin);
}

/** A GUP call whose flags may be FOLL_LONGTERM | FOLL_WRITE, with one of them (or the call) added. */
function writableLongterm(fragment: CodeFragment, site: CallSite): boolean {
  const flags = gupFlagArgument(site.call);
  if (flags === null) return false;
  const r = resolveFlags(flags.tokens, scopeAssignments(fragment, site.line));
  if (!r.constants.has('FOLL_LONGTERM') || !r.constants.has('FOLL_WRITE')) return false;
  return (
    site.changed ||
    r.via.some((a) => a.value.some((t) => /^FOLL_(?:LONGTERM|WRITE)$/.test(t.text) && isChanged(fragment, t)))
  );
}

function pinSites(ctx: Ctx, file: DiffFile, claim: string): void {
  const fragment = ctx.code(file, 'new');
  for (const site of findCallSites(fragment, (n) => GUP_FLAG_ARGUMENT.has(n))) {
    if (isKvmFaultPath(file.path, site.fn) || !writableLongterm(fragment, site)) continue;
    if (scopeTokens(fragment, site.line).some((t) => KIND_CHECKS.test(t.text))) continue;
    ctx.reportAt(fragment, site, { messageId: 'fileBackedPin', data: { call: site.call.name, claim } });
  }
}

/** A doc/config hunk that gives a DMA-device VM guest RAM in a shared page-cache file. */
function vmmConfigs(ctx: Ctx, file: DiffFile): void {
  for (const unit of hunkUnits(file)) {
    const config = parseVmConfig(unit.lines);
    if (config.devices.length === 0) continue;
    const deviceAdded = config.devices.some((d) => unit.added[d.line] === true);
    for (const backend of config.backends) {
      const added = unit.added[backend.line];
      if (added === undefined || (!added && !deviceAdded)) continue;
      if (backend.share !== true || backend.path === null || classifyMemPath(backend.path) !== 'page-cache') continue;
      if (/\b(?:readonly|rom)=(?:on|yes|true)\b/.test(backend.text)) continue;
      ctx.reportAtTextLine(unit, backend.line, { messageId: 'vmmConfig', data: { path: backend.path } });
    }
  }
}

export default defineRule<MessageIds>({
  id: 'writable-longterm-pin-file-backed',
  meta: {
    type: 'suggestion',
    defaultSeverity: 'info',
    scope: 'diff',
    confidence: 'low',
    docs: {
      description: 'Flag new long-term pins or VM configurations that expect writable pins of shared page-cache files',
      title: 'Writable long-term pin of a page-cache file mapping.',
    },
    era: 'v6.5+',
    triggers: ['FOLL_LONGTERM', 'memory-backend-file'],
    citations: [
      commit('8ac268436e6d', 'mm/gup: disallow FOLL_LONGTERM GUP-nonfast writing to file-backed mappings'),
      commit('a6e79df92e4a', 'mm/gup: disallow FOLL_LONGTERM GUP-fast writing to file-backed mappings'),
      lore(
        '27ebe8f0-78b6-402a-a2e7-4e807251d20a@kernel.org',
        'David Hildenbrand: keep FOLL_LONGTERM, drop FOLL_WRITE instead (SEV thread)',
      ),
      { title: 'QEMU memory-backend-file options', url: 'https://www.qemu.org/docs/master/system/invocation.html' },
    ],
    background: ['docs/knowledge/gup-api-history.md', 'docs/knowledge/longterm-vs-shortterm-pins.md'],
    messages: {
      fileBackedPin:
        '{{call}}() here takes a writable long-term pin, and the patch expects it to work on file-backed memory ' +
        '("{{claim}}"). Since v6.5 GUP refuses FOLL_LONGTERM | FOLL_WRITE pins of file mappings that need dirty ' +
        'tracking (ordinary page-cache files on ext4/xfs/btrfs…) with -EFAULT, because the filesystem cannot track ' +
        'writes the device makes. Expect that failure and report it; do not work around it by dropping FOLL_LONGTERM. ' +
        'shmem/memfd, hugetlbfs and anonymous memory can still be pinned writable, and a read-only pin needs no FOLL_WRITE.',
      vmmConfig:
        'This configuration gives a VM with a DMA device (vfio/vDPA/iommufd) its RAM from a shared file ' +
        '(mem-path={{path}}, share=on). If that file lives in the page cache of a regular filesystem, Linux 6.5 and later ' +
        'refuse the writable long-term pin the device needs (-EFAULT), so the device cannot be set up. Use memfd/shmem ' +
        '(/dev/shm), hugetlbfs or anonymous memory for such guests (or device-dax for persistent memory).',
    },
  },
  check(ctx) {
    if (ctx.patch.subject.isReply || !surelyAtLeast(ctx.era, 'v6.5', ctx.patch)) return;
    const claim = claims(ctx)[0];
    for (const file of ctx.diff) {
      if (file.binary || file.newPath === null || file.hunks.length === 0) continue;
      if (isCodeFile(file, 'new')) {
        if (!NOT_PINNERS.test(file.path) && claim !== undefined) pinSites(ctx, file, claim);
      } else if (isDocFile(file.path) || CONFIG.test(file.path)) vmmConfigs(ctx, file);
    }
  },
});
