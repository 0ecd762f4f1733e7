import { flagUse } from '../../src/c/flag-use.js';
import { findIfStatements } from '../../src/c/find-if.js';
import { isChanged, lineOf, type CodeFragment } from '../../src/c/fragment.js';
import { isKvmFaultPath } from '../../src/c/kvm-fault-paths.js';
import { isDmaMapCall, isFatal, mapFailureChecks, propagatesFailure, QEMU_DMA_FILES } from './qemu-dma-map.js';
import { hunkUnit } from '../../src/c/scope.js';
import type { Token } from '../../src/c/tokenize.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { RuleContext } from '../../src/engine/rule.js';

export type MessageIds = 'kvmFaultLongterm' | 'qemuFatal' | 'qemuIgnored';
type Ctx = RuleContext<MessageIds>;

/** Occurrences of `name` that set a flag, by function. */
function setsIn(fragment: CodeFragment, name: string): Map<string | null, Token[]> {
  const out = new Map<string | null, Token[]>();
  fragment.code.forEach((t, i) => {
    if (t.text !== name || flagUse(fragment.code, i) !== 'set') return;
    const fn = lineOf(fragment, t).fn;
    out.set(fn, [...(out.get(fn) ?? []), t]);
  });
  return out;
}

/** FOLL_LONGTERM newly set on a KVM fault / translation path (not moved within the function). */
function kvmFaultLongterm(ctx: Ctx, fragment: CodeFragment, old: CodeFragment | null): void {
  const path = fragment.file.path;
  const before = old === null ? new Map<string | null, Token[]>() : setsIn(old, 'FOLL_LONGTERM');
  for (const [fn, tokens] of setsIn(fragment, 'FOLL_LONGTERM')) {
    const added = tokens.find((t) => isChanged(fragment, t));
    if (added === undefined || !isKvmFaultPath(path, fn) || (before.get(fn)?.length ?? 0) > 0) continue;
    ctx.reportAtToken(fragment, added, { messageId: 'kvmFaultLongterm', data: { fn: fn ?? path } });
  }
}

/**
 * Fatal calls on the failure side of a DMA map that the old side of the function did not have: after
 * a map call in the same function (its error branch, a `fail:` label, `&error_fatal` passed to it),
 * or inside an `if` of a map helper itself (`if (write(fd, &msg, …) != sizeof(msg)) exit(1);`).
 */
function qemuFatal(ctx: Ctx, fragment: CodeFragment, old: CodeFragment | null): void {
  const code = fragment.code;
  const oldFatal = new Set(
    old?.code.flatMap((t, i) => (isFatal(old.code, i) ? [`${lineOf(old, t).fn ?? ''}:${t.text}`] : [])),
  );
  const firstMap = new Map<string | null, number>();
  code.forEach((t, i) => {
    const fn = lineOf(fragment, t).fn;
    if (isDmaMapCall(t.text) && code[i + 1]?.text === '(' && fn !== t.text && !firstMap.has(fn)) firstMap.set(fn, i);
  });
  const ifs = findIfStatements(code, hunkUnit(fragment));
  // `if (!bcontainer->initialized)`: failing before the machine runs is the graceful case.
  const initOnly = new Set(
    ifs
      .filter((s) =>
        s.condition.some(
          (c, k) => c.text.endsWith('initialized') && s.condition.slice(0, k).some((p) => p.text === '!'),
        ),
      )
      .flatMap((s) => s.body),
  );
  const inIf = new Set(ifs.flatMap((s) => [...s.body, ...s.elseBody]));
  const reported = new Set<string | null>();
  code.forEach((t, i) => {
    if (!isFatal(code, i) || !isChanged(fragment, t) || initOnly.has(t)) return;
    const fn = lineOf(fragment, t).fn;
    if (fn === null || reported.has(fn) || oldFatal.has(`${fn}:${t.text}`)) return;
    const afterMap = (firstMap.get(fn) ?? Infinity) < i;
    if (!afterMap && !(isDmaMapCall(fn) && inIf.has(t))) return;
    reported.add(fn);
    ctx.reportAtToken(fragment, t, { messageId: 'qemuFatal', data: { call: t.text, fn } });
  });
}

/** A DMA-map failure that used to be handed on and now is only logged or dropped. */
function qemuIgnored(ctx: Ctx, fragment: CodeFragment, old: CodeFragment | null): void {
  if (old === null) return;
  const before = mapFailureChecks(old);
  for (const check of mapFailureChecks(fragment)) {
    if (!check.changed || propagatesFailure(check.body)) continue;
    const was = before.find((b) => b.fn === check.fn && b.callee === check.callee);
    if (was === undefined || !propagatesFailure(was.body)) continue;
    const first = check.body.find((t) => isChanged(fragment, t));
    ctx.reportAtLine(fragment, first === undefined ? check.at : lineOf(fragment, first), {
      messageId: 'qemuIgnored',
      data: { callee: check.callee, fn: check.fn },
    });
  }
}

export default defineRule<MessageIds>({
  id: 'longterm-pin-failure-after-vm-start',
  meta: {
    type: 'problem',
    defaultSeverity: 'warning',
    scope: 'diff',
    confidence: 'medium',
    docs: {
      description: 'Flag long-term pins or DMA-map failures that can first happen while the guest is running',
      title: 'A long-term pin that can fail is reached after the guest is running.',
    },
    era: 'all',
    // The paths it reviews (QEMU_DMA_FILES, KVM fault paths set FOLL_LONGTERM): words like 'exit'
    // would keep half the archive whole for nothing.
    triggers: ['FOLL_LONGTERM', 'hw/vfio/', 'hw/vfio-user/', 'hw/virtio/vhost-vdpa.c', 'backends/iommufd.c'],
    citations: [
      commit('94db151dc892', 'vfio: disable filesystem-dax page pinning (QEMU fails the DMA map for fs-dax guest RAM)'),
      {
        title: 'pin_user_pages() and related calls, case 3 (MMU-notifier users take no pin)',
        ref: 'Documentation/core-api/pin_user_pages.rst',
        url: 'https://docs.kernel.org/core-api/pin_user_pages.html',
      },
      lore(
        '1cc159b9-5f94-4524-8e03-efe91601ccfc@kernel.org',
        "David Hildenbrand: KVM's own MMU does not need long-term pins (SEV thread)",
      ),
      {
        title: 'QEMU vfio memory listener: hw_error() on a runtime DMA-map failure',
        ref: 'hw/vfio/listener.c',
        url: 'https://gitlab.com/qemu-project/qemu/-/blob/master/hw/vfio/listener.c',
      },
      {
        title: 'QEMU vhost-vdpa memory listener',
        ref: 'hw/virtio/vhost-vdpa.c',
        url: 'https://gitlab.com/qemu-project/qemu/-/blob/master/hw/virtio/vhost-vdpa.c',
      },
    ],
    background: ['docs/knowledge/longterm-vs-shortterm-pins.md', 'docs/knowledge/gup-api-history.md'],
    messages: {
      kvmFaultLongterm:
        "This sets FOLL_LONGTERM in {{fn}}(), which resolves guest accesses while the VM runs. KVM's MMU follows the " +
        'host mappings through MMU notifiers and needs no long-term pin (pin_user_pages.rst case 3); asking for one ' +
        'here makes every fault on fs-dax guest memory fail with -EOPNOTSUPP (and on writable page-cache files with ' +
        '-EFAULT since v6.5) and migrates CMA/ZONE_MOVABLE pages on the fault path. Long-term pins belong in explicit ' +
        'registrations made before use, whose failure goes back to the caller.',
      qemuFatal:
        'This makes a DMA-map failure in {{fn}}() fatal ({{call}}). The listener also runs after the machine is set ' +
        'up, e.g. when memory is hot-plugged into a VM with an assigned device, and the kernel refuses long-term pins ' +
        'of some backends (fs-dax files, and since v6.5 writable page-cache files), so this turns a configuration ' +
        'error into a crash of the running guest. Please reject such configurations up front (at realize or hotplug ' +
        'time, with an Error) instead.',
      qemuIgnored:
        'The failure of {{callee}}() in {{fn}}() was handed on before this change and is now only logged or dropped. A ' +
        'region the device cannot DMA into stays unmapped while the guest runs, and the device then reads or writes ' +
        'the wrong memory or faults. Please keep reporting the error (store it for realize, fail the hotplug request) ' +
        'so the configuration is refused up front.',
    },
  },
  check(ctx) {
    for (const file of ctx.codeFiles()) {
      const kvm = isKvmFaultPath(file.path, null) || /^(?:virt\/kvm|arch\/[^/]+\/kvm)\//.test(file.path);
      if (!kvm && !QEMU_DMA_FILES.test(file.path)) continue;
      const fragment = ctx.code(file, 'new');
      const old = file.oldPath === null ? null : ctx.code(file, 'old');
      if (kvm) kvmFaultLongterm(ctx, fragment, old);
      else {
        qemuFatal(ctx, fragment, old);
        qemuIgnored(ctx, fragment, old);
      }
    }
  },
});
