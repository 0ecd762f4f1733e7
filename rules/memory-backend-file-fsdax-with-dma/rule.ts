import { commitMessageUnit, hunkUnits, type TextUnit } from '../../src/c/text-units.js';
import { looksFsDax, parseVmConfig } from '../../src/c/vm-config.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';

export type MessageIds = 'fsdaxWithDma';

/**
 * The text already says this does not work (a bug report, a doc stating the limitation):
 * EOPNOTSUPP, FOLL_LONGTERM, "cannot", "not supported", device-dax recommended …
 */
const STATES_LIMITATION =
  /EOPNOTSUPP|FOLL_LONGTERM|long-?term pin|device-dax|devdax|\/dev\/dax|\bcannot\b|\bcan't\b|\bcan not\b|not (?:be )?(?:supported|possible|allowed|work(?:ing)?)|won't work|doesn't work|does not work|\brefus\w*|\bunsupported\b|\bfail\w*|\berror\b/i;

/** The same configuration on the old side of the patch: nothing new was put together. */
function oldText(unit: TextUnit, removed: ReadonlySet<string>): boolean {
  return unit.lines.every((l, k) => unit.added[k] !== true || removed.has(l.trim()) || l.trim() === '');
}

/**
 * Where one VM configuration can sit: a whole XML file hunk (one libvirt domain), otherwise a run
 * of non-blank lines (one command line, one paragraph), so two examples in one doc hunk stay apart.
 */
function blocks(unit: TextUnit): [number, number][] {
  if (unit.file?.endsWith('.xml') === true) return [[0, unit.lines.length]];
  const out: [number, number][] = [];
  let start = 0;
  unit.lines.forEach((l, k) => {
    if (l.trim() !== '') return;
    if (k > start) out.push([start, k]);
    start = k + 1;
  });
  if (start < unit.lines.length) out.push([start, unit.lines.length]);
  return out;
}

export default defineRule<MessageIds>({
  id: 'memory-backend-file-fsdax-with-dma',
  meta: {
    type: 'problem',
    defaultSeverity: 'warning',
    scope: 'diff',
    confidence: 'medium',
    docs: {
      description:
        'Flag VM configurations that back guest RAM with an fs-dax file while a vfio/vDPA/iommufd/RDMA device needs to DMA into it',
      title: 'fs-dax file used as guest RAM for a VM with device DMA.',
    },
    era: 'kernel 4.16+ (vfio refuses fs-dax pins); QEMU all',
    triggers: ['memory-backend-file', '-mem-path', "model='nvdimm'", 'model="nvdimm"', '<memoryBacking'],
    citations: [
      commit('94db151dc892', 'vfio: disable filesystem-dax page pinning'),
      commit('8ac268436e6d', 'mm/gup: disallow FOLL_LONGTERM GUP-nonfast writing to file-backed mappings'),
      lore(
        'CAPcyv4h19dKGpz0XzEHz0nOddnRAefE=rOuhGTHEL6FPhqk8GQ@mail.gmail.com',
        'Dan Williams: device-dax is the only path for vfio long-term pinning',
      ),
      {
        title: 'QEMU docs: NVDIMM (memory-backend-file, device-dax, align)',
        url: 'https://www.qemu.org/docs/master/system/devices/nvdimm.html',
      },
      {
        title: 'hostmem-file: add "align" option',
        ref: '983768431676',
        url: 'https://lore.kernel.org/r/20171211072806.2812-2-haozhong.zhang@intel.com',
      },
    ],
    background: ['docs/knowledge/map-sync.md', 'docs/knowledge/longterm-vs-shortterm-pins.md'],
    messages: {
      fsdaxWithDma:
        'Guest RAM here comes from {{path}}, a file on a DAX filesystem, in the same configuration as {{device}}. ' +
        'Memory that a device DMAs into must be long-term pinned, and vfio/iommufd refuse long-term pins of fs-dax ' +
        'pages (EOPNOTSUPP since Linux 4.16), so the device cannot be set up, or QEMU aborts if the memory is added ' +
        'while the VM runs. Use device-dax (mem-path=/dev/daxX.Y,share=on,align=<device alignment>) for memory that ' +
        'devices DMA into. Note also that since Linux 6.5 writable long-term pins of ordinary page-cache files ' +
        '(share=on on ext4/xfs without DAX) fail too; use memfd/shmem, hugetlbfs or anonymous memory there.',
    },
  },
  check(ctx) {
    const removed = new Set(
      ctx.diff.flatMap((f) =>
        f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'del').map((l) => l.text.trim())),
      ),
    );
    const units = [...ctx.diff.flatMap(hunkUnits), commitMessageUnit(ctx.patch)].filter((u) => u !== null);
    for (const unit of units) {
      const text = unit.lines.join('\n');
      if (STATES_LIMITATION.test(text) || oldText(unit, removed)) continue;
      for (const [from, to] of blocks(unit)) {
        const config = parseVmConfig(unit.lines.slice(from, to));
        const device = config.devices[0];
        const touched = (a: number, b: number): boolean => unit.added.slice(from + a, from + b + 1).some(Boolean);
        const backend = config.backends.find((b) => looksFsDax(b, text));
        if (device === undefined || backend === undefined) continue;
        const line = touched(backend.line, backend.endLine)
          ? backend.line
          : config.devices.find((d) => touched(d.line, d.line))?.line;
        if (line === undefined) continue;
        ctx.reportAtTextLine(unit, from + line, {
          messageId: 'fsdaxWithDma',
          data: { path: backend.path ?? 'a file-backed memoryBacking source', device: device.kind },
          excerpt: (unit.lines[from + line] ?? backend.text).trim().slice(0, 200),
        });
        break;
      }
    }
  },
});
