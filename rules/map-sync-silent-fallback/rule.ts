import { addedProse, proseSentences } from '../../src/c/added-prose.js';
import { isChanged, lineOf } from '../../src/c/fragment.js';
import { syncFallbacks, type SyncFallback } from './mmap-fallback.js';
import { commitMessageUnit } from '../../src/c/text-units.js';
import { lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import { proseFindings } from './prose.js';

export type MessageIds = 'silentFallback' | 'partialWarning' | 'docsPromise' | 'virtioPmemSync';

/** 'silent', 'partial:ENOTSUP', or null when the fallback is reported or recorded. */
function kindOf(fb: SyncFallback): string | null {
  if (fb.reports.length > 0 || fb.recorded) return null;
  return fb.gatedErrnos.length === 0 ? 'silent' : `partial:${[...fb.gatedErrnos].sort().join(',')}`;
}

export default defineRule<MessageIds>({
  id: 'map-sync-silent-fallback',
  meta: {
    type: 'problem',
    defaultSeverity: 'warning',
    scope: 'diff',
    confidence: 'medium',
    docs: {
      description:
        'Flag MAP_SYNC fallbacks that continue without MAP_SYNC for some failure causes without telling anyone',
      title: 'MAP_SYNC failure silently downgraded.',
    },
    era: 'QEMU 4.1+ / kernel 4.15+ (virtio-pmem refuses MAP_SYNC since 5.3)',
    triggers: ['MAP_SYNC', 'pmem=on', "pmem='on'", '<pmem', 'pmem option', "'pmem'", '"pmem"'],
    citations: [
      {
        title: 'QEMU util/mmap-alloc.c: MAP_SYNC fallback in qemu_ram_mmap()',
        url: 'https://gitlab.com/qemu-project/qemu/-/blob/master/util/mmap-alloc.c',
      },
      {
        title: 'QEMU docs: NVDIMM, guest data persistence conditions',
        ref: 'docs/nvdimm.txt',
        url: 'https://www.qemu.org/docs/master/system/devices/nvdimm.html',
      },
      lore('20190430204636.GK28722@habkost.net', 'Eduardo Habkost on the MAP_SYNC zero stubs and what users are told'),
      {
        title: 'mmap(2): MAP_SHARED_VALIDATE fails with EOPNOTSUPP; older kernels reject it with EINVAL',
        url: 'https://man7.org/linux/man-pages/man2/mmap.2.html',
      },
      {
        title: 'QEMU docs: virtio-pmem (guests must fsync/msync; no MAP_SYNC)',
        url: 'https://www.qemu.org/docs/master/system/devices/virtio-pmem.html',
      },
    ],
    background: ['docs/knowledge/map-sync.md'],
    messages: {
      silentFallback:
        'When {{call}}() with MAP_SYNC fails, {{fn}}() maps the file again without MAP_SYNC and carries on without a ' +
        'warning, an error or any record of the downgrade. The mapping then no longer gives crash consistency for ' +
        "the file's metadata, and a guest told that its NVDIMM is persistent may lose data. Please surface the " +
        'downgrade (warning or error) for every failure cause, and document that persistence needs a DAX file, a ' +
        'MAP_SYNC-capable kernel (4.15+), pmem=on and share=on.',
      partialWarning:
        'The MAP_SYNC fallback in {{fn}}() warns only when errno is {{errnos}}; for any other failure (for example ' +
        'EINVAL from a kernel older than 4.15, which rejects MAP_SHARED_VALIDATE) it maps the file again without ' +
        "MAP_SYNC silently. The mapping then no longer gives crash consistency for the file's metadata, so please " +
        'warn (or fail) for every failure cause before retrying.',
      docsPromise:
        '"{{sentence}}" promises persistence for pmem, but QEMU continues without MAP_SYNC when it cannot get it ' +
        '(non-DAX file, kernel before 4.15, share=off). Please say that persistence needs a DAX file, a ' +
        'MAP_SYNC-capable kernel, pmem=on and share=on, and that QEMU proceeds (with a warning at best) otherwise.',
      virtioPmemSync:
        '"{{sentence}}" expects MAP_SYNC on virtio-pmem. virtio-pmem is an asynchronous DAX device: since Linux 5.3 ' +
        'the guest kernel refuses MAP_SYNC on it (EOPNOTSUPP), and guest software must fsync()/msync(), which the ' +
        'driver turns into a host-side flush.',
    },
  },
  check(ctx) {
    const before = new Set<string>();
    for (const file of ctx.codeFiles({ side: 'old' })) {
      for (const fb of syncFallbacks(ctx.code(file, 'old'))) before.add(kindOf(fb) ?? 'reported');
    }
    for (const file of ctx.codeFiles()) {
      const fragment = ctx.code(file, 'new');
      for (const fb of syncFallbacks(fragment)) {
        const kind = kindOf(fb);
        // Pre-existing or moved fallbacks (the same shape on the old side) are not this patch's doing.
        if (kind === null || before.has(kind) || !fb.tokens.some((t) => isChanged(fragment, t))) continue;
        const line =
          [fb.retry.call.nameToken, ...fb.tokens].map((t) => lineOf(fragment, t)).find((l) => l.kind === 'add') ??
          fb.retry.line;
        const data = {
          call: fb.syncCall.call.name,
          fn: fb.retry.fn ?? 'this function',
          errnos: fb.gatedErrnos.join('/'),
        };
        ctx.reportAtLine(fragment, line, { messageId: kind === 'silent' ? 'silentFallback' : 'partialWarning', data });
      }
    }
    const message = commitMessageUnit(ctx.patch);
    if (message !== null) {
      for (const f of proseFindings(message.lines.join('\n'))) {
        ctx.report({ messageId: f.kind, data: { sentence: f.sentence }, excerpt: f.sentence });
      }
    }
    for (const file of ctx.diff) {
      for (const block of addedProse(file)) {
        const sentences = proseSentences(block);
        for (const f of proseFindings(sentences.map((s) => s.text).join('\n\n'))) {
          const at = sentences.find((s) => s.text === f.sentence)?.lines.find((l) => l.kind === 'add');
          if (at === undefined) continue;
          ctx.reportAtLine(ctx.code(file, 'new'), at, {
            messageId: f.kind,
            data: { sentence: f.sentence },
            excerpt: f.sentence,
          });
        }
      }
    }
  },
});
