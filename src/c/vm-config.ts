/**
 * Guest-memory backends and DMA devices in VM configuration text (docs/knowledge/map-sync.md, "memory-backend-file"): QEMU command
 * lines (`-object memory-backend-file,…`, `-mem-path`, JSON `-object '{…}'`, HMP `object_add`),
 * libvirt domain XML (`<memory model='nvdimm'>`, `<memoryBacking>`, `<hostdev>`) and
 * cloud-hypervisor options. Works line by line on any text: a doc hunk, a test script, a commit
 * message. Line numbers are 0-based indexes into the given lines.
 */

export interface MemoryBackend {
  readonly kind: 'memory-backend-file' | 'mem-path' | 'libvirt-nvdimm' | 'libvirt-file-backing';
  /** mem-path / <path>; null when the configuration does not name it. */
  readonly path: string | null;
  /** share=on / access='shared' (true), share=off / access='private' (false), not given (null). */
  readonly share: boolean | null;
  /** pmem=on / <pmem/>. */
  readonly pmem: boolean;
  /** The configuration text (one line, or the XML element's lines joined). */
  readonly text: string;
  readonly line: number;
  readonly endLine: number;
}

export interface DmaDevice {
  /** What kind of device DMAs into guest memory: 'vfio-pci', 'vhost-vdpa', 'iommufd', '<hostdev>' … */
  readonly kind: string;
  readonly line: number;
}

export interface VmConfig {
  readonly backends: readonly MemoryBackend[];
  readonly devices: readonly DmaDevice[];
}

const ON = /^(?:on|yes|true|1)$/i;
const OFF = /^(?:off|no|false|0)$/i;

function onOff(value: string | undefined): boolean | null {
  if (value === undefined) return null;
  return ON.test(value) ? true : OFF.test(value) ? false : null;
}

/** `memory-backend-file,id=m,mem-path=/x,share=on` → its properties. */
function properties(list: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const part of list.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0)
      props.set(
        part.slice(0, eq).trim(),
        part
          .slice(eq + 1)
          .trim()
          .replace(/^["']|["']$/g, ''),
      );
  }
  return props;
}

const QEMU_BACKEND = /memory-backend-file((?:,[^\s,\\'"]+|,"[^"]*")*)/g;
const JSON_BACKEND = /"qom-type"\s*:\s*"memory-backend-file"/;
const LEGACY_MEM_PATH = /(?:^|\s)-mem-path\s+["']?([^\s"']+)/;

function jsonValue(text: string, key: string): string | undefined {
  const m = new RegExp(`"${key}"\\s*:\\s*("([^"]*)"|true|false)`).exec(text);
  return m === null ? undefined : (m[2] ?? m[1]);
}

function qemuBackends(lines: readonly string[]): MemoryBackend[] {
  const out: MemoryBackend[] = [];
  lines.forEach((text, line) => {
    if (JSON_BACKEND.test(text)) {
      out.push({
        kind: 'memory-backend-file',
        path: jsonValue(text, 'mem-path') ?? null,
        share: onOff(jsonValue(text, 'share')),
        pmem: onOff(jsonValue(text, 'pmem')) === true,
        text: text.trim(),
        line,
        endLine: line,
      });
      return;
    }
    for (const m of text.matchAll(QEMU_BACKEND)) {
      const props = properties(m[1] ?? '');
      out.push({
        kind: 'memory-backend-file',
        path: props.get('mem-path') ?? null,
        share: onOff(props.get('share')),
        pmem: onOff(props.get('pmem')) === true,
        text: m[0],
        line,
        endLine: line,
      });
    }
    const legacy = LEGACY_MEM_PATH.exec(text);
    if (legacy !== null) {
      out.push({
        kind: 'mem-path',
        path: legacy[1] ?? null,
        share: null,
        pmem: false,
        text: legacy[0].trim(),
        line,
        endLine: line,
      });
    }
  });
  return out;
}

/** `<memory model='nvdimm' access='private'> … </memory>` and `<memoryBacking>` with a file source. */
function libvirtBackends(lines: readonly string[]): MemoryBackend[] {
  const out: MemoryBackend[] = [];
  for (let k = 0; k < lines.length; k++) {
    const open = /<memory\s[^>]*model\s*=\s*['"]nvdimm['"][^>]*>/.exec(lines[k] ?? '');
    const backing = /<memoryBacking\b/.test(lines[k] ?? '');
    if (open === null && !backing) continue;
    const close = open !== null ? /<\/memory>/ : /<\/memoryBacking>/;
    let end = k;
    while (end + 1 < lines.length && !close.test(lines[end] ?? '') && end - k < 40) end++;
    const text = lines.slice(k, end + 1).join('\n');
    const access = /\baccess\s*=\s*['"](shared|private)['"]|<access\s+mode\s*=\s*['"](shared|private)['"]/.exec(text);
    const mode = access?.[1] ?? access?.[2];
    const share = mode === undefined ? null : mode === 'shared';
    if (open !== null) {
      const path = /<path>\s*([^<\s]+)\s*<\/path>/.exec(text)?.[1] ?? null;
      out.push({ kind: 'libvirt-nvdimm', path, share, pmem: /<pmem\s*\/>/.test(text), text, line: k, endLine: end });
    } else if (/<source\s+type\s*=\s*['"]file['"]/.test(text)) {
      out.push({ kind: 'libvirt-file-backing', path: null, share, pmem: false, text, line: k, endLine: end });
    }
    k = end;
  }
  return out;
}

const DEVICES: readonly { kind: string; pattern: RegExp }[] = [
  {
    kind: 'vfio-pci',
    pattern:
      /(?:-device['",\s]+|device_add\s+|driver=|"driver"\s*:\s*")["']?(vfio-(?:pci(?:-nohotplug)?|platform|ccw|amd-xgbe|calxeda-xgmac))\b/,
  },
  {
    kind: 'vhost-vdpa',
    pattern:
      /-netdev\s+["']?(?:type=)?vhost-vdpa\b|\btype=vhost-vdpa\b|"type"\s*:\s*"vhost-vdpa"|(?:-device\s+|driver=)["']?(?:vhost-vdpa-device-pci|virtio-blk-vhost-vdpa)\b/,
  },
  {
    kind: 'iommufd',
    pattern: /(?:-object\s+|object_add\s+|"qom-type"\s*:\s*")["']?iommufd\b|\biommufd\s*=\s*['"]?(?:yes|on)\b/,
  },
  { kind: 'pvrdma', pattern: /-device\s+pvrdma\b/ },
  { kind: 'RDMA migration', pattern: /-incoming\s+["']?rdma:|\bmigrate\s+(?:-d\s+)?["']?rdma:/ },
  {
    kind: '<hostdev>',
    pattern: /<hostdev\s[^>]*mode\s*=\s*['"]subsystem['"]|<interface\s[^>]*type\s*=\s*['"]hostdev['"]/,
  },
  {
    kind: 'vDPA (libvirt)',
    pattern: /<interface\s[^>]*type\s*=\s*['"]vdpa['"]|<disk\s[^>]*type\s*=\s*['"]vhostvdpa['"]/,
  },
  { kind: 'cloud-hypervisor --device (VFIO)', pattern: /--device\s+["']?path=\/sys\/(?:bus\/pci\/devices|devices)\// },
  { kind: 'cloud-hypervisor --vdpa', pattern: /--vdpa\s+["']?path=/ },
];

function dmaDevices(lines: readonly string[]): DmaDevice[] {
  const out: DmaDevice[] = [];
  lines.forEach((text, line) => {
    for (const d of DEVICES) if (d.pattern.test(text)) out.push({ kind: d.pattern.exec(text)?.[1] ?? d.kind, line });
  });
  return out;
}

/** The guest-memory backends and DMA devices configured in `lines`. */
export function parseVmConfig(lines: readonly string[]): VmConfig {
  return { backends: [...qemuBackends(lines), ...libvirtBackends(lines)], devices: dmaDevices(lines) };
}

/** `/dev/dax0.0`: device-dax, which long-term pins accept. */
export function isDeviceDaxPath(path: string): boolean {
  return /^["']?\/dev\/dax\d/.test(path);
}

const DAX_MOUNT = /\bmount\b[^\n]*?-o\s*["']?[\w,=]*\bdax\b[^\n]*|\bdax=always\b|-o\s+dax\b/;
const MOUNT_POINT = /\bmount\b[^\n]*?\s(\/dev\/\S+)\s+(\/[^\s;&|]+)/;
const PMEM_DIR = /^\/(?:[\w.-]+\/)*(?:pmem|fsdax|dax|nvdimm|optane)[\w.-]*(?:\/|$)/i;
const NOT_FSDAX = /^\/dev\/|hugepages|hugetlbfs|^\/proc\/|^\/sys\//i;

/**
 * Whether `path` (a mem-path) is a regular file on a DAX mount, judged from the path itself
 * (`/mnt/pmem0/vm.img`) and the surrounding text (`mount -o dax /dev/pmem0 /mnt/x`, `dax=always`,
 * `pmem=on` with a non-device-dax path).
 */
export function looksFsDax(backend: MemoryBackend, context: string): boolean {
  const path = backend.path?.replace(/^["']|["']$/g, '') ?? null;
  if (path !== null && (isDeviceDaxPath(path) || NOT_FSDAX.test(path))) return false;
  if (path !== null && PMEM_DIR.test(path)) return true;
  if (backend.pmem && (path !== null || backend.kind === 'libvirt-nvdimm')) return true;
  if (!DAX_MOUNT.test(context)) return false;
  const mount = MOUNT_POINT.exec(context);
  if (path === null || mount === null) return true;
  return path.startsWith(mount[2] ?? '\0');
}
