/**
 * Where a user-page pin is long-term and where it is short-term, as
 * docs/knowledge/longterm-vs-shortterm-pins.md tabulates them. Paths are kernel tree paths; a site without `fn`
 * covers every function of the file or directory.
 */

export type PinSite =
  | { readonly kind: 'longterm'; readonly source: 'table' | 'name'; readonly reason: string }
  | { readonly kind: 'shortterm'; readonly reason: string }
  | { readonly kind: 'unknown' };

interface SiteEntry {
  readonly path: RegExp;
  readonly fn?: RegExp;
  readonly reason: string;
}

// Long-term sites: registrations whose pages outlive the system call and are used by a device later.
const LONGTERM: readonly SiteEntry[] = [
  {
    path: /^drivers\/vfio\/vfio_iommu_type1\.c$/,
    reason: 'vfio type1 pins guest RAM for VFIO_IOMMU_MAP_DMA until unmap',
  },
  {
    path: /^drivers\/iommu\/iommufd\/pages\.c$/,
    fn: /^pfn_reader_user_/,
    reason: 'iommufd pins IOAS pages for device DMA',
  },
  { path: /^drivers\/infiniband\/core\/umem\.c$/, reason: 'ib_umem_get() pins an RDMA memory registration' },
  {
    path: /^drivers\/infiniband\/(?:hw\/(?:hfi1|qib|mthca|usnic)|sw\/siw)\//,
    reason: 'RDMA driver memory registration',
  },
  {
    path: /^(?:io_uring\/(?:rsrc|memmap)\.c|fs\/io_uring\.c)$/,
    reason: 'io_uring registered buffers stay pinned until unregistered',
  },
  {
    path: /^(?:mm|drivers\/media\/common\/videobuf2)\/frame_vector\.c$/,
    reason: 'frame vectors back media USERPTR buffers that a device DMAs into',
  },
  {
    path: /^drivers\/media\/v4l2-core\/videobuf-dma-sg\.c$/,
    reason: 'videobuf USERPTR buffers are DMA targets for the life of the buffer',
  },
  { path: /^drivers\/vhost\/vdpa\.c$/, reason: 'vhost-vdpa maps user memory for device DMA' },
  { path: /^drivers\/vdpa\/vdpa_user\//, reason: 'VDUSE registers user memory for the device' },
  { path: /^net\/xdp\/xdp_umem\.c$/, reason: 'AF_XDP umem registration is used by the NIC until teardown' },
  { path: /^arch\/powerpc\/mm\/(?:book3s64\/iommu_api|mmu_context_iommu)\.c$/, reason: 'VFIO SPAPR preregistration' },
  { path: /^drivers\/gpu\/drm\/etnaviv\//, fn: /userptr/, reason: 'GPU userptr buffers are DMA targets' },
  {
    path: /^drivers\/gpu\/drm\/exynos\/exynos_drm_g2d\.c$/,
    fn: /userptr/,
    reason: 'G2D userptr buffers are DMA targets',
  },
  { path: /^drivers\/(?:misc|accel)\/habanalabs\//, reason: 'habanalabs pins host memory for device DMA' },
];

// Short-term sites: bounded pins and MMU-notifier users; never long-term, whatever the function is called.
const SHORTTERM: readonly SiteEntry[] = [
  {
    path: /^mm\/gup(?:_test|_benchmark)?\.c$|^include\/linux\/mm\.h$|^tools\//,
    reason: 'GUP itself, its declarations or its tests',
  },
  {
    path: /^(?:fs\/(?:direct-io\.c|iomap\/|splice\.c|nfs\/|fuse\/)|block\/|lib\/iov_iter\.c)/,
    reason: 'direct I/O and iov_iter pins last one I/O',
  },
  {
    path: /^mm\/process_vm_access\.c$|^kernel\/ptrace\.c$|^fs\/coredump\.c$/,
    reason: 'remote-access pins last one copy',
  },
  { path: /^mm\/memory\.c$/, fn: /access_remote_vm/, reason: 'access_remote_vm() pins for one copy' },
  { path: /^drivers\/vhost\/vhost\.c$/, fn: /^set_bit_to_user$/, reason: 'dirty-log update pins one page briefly' },
  { path: /^drivers\/infiniband\/core\/umem_odp\.c$/, reason: 'ODP is MMU-notifier based' },
  { path: /^drivers\/iommu\/iommufd\//, fn: /(?:_rw|access)/, reason: 'iommufd CPU access pins briefly' },
  {
    path: /^(?:virt\/kvm|arch\/[^/]+\/kvm)\//,
    fn: /hva_to_pfn|gfn_to_pfn|kvm_vcpu_map|faultin|user_mem_abort|follow_pfn/,
    reason: 'KVM guest mappings follow the primary MMU through notifiers',
  },
  { path: /^virt\/kvm\//, reason: 'KVM guest mappings follow the primary MMU through notifiers' },
];

// The naming heuristic for code outside the tables.
const REGISTRATION_NAME = /_register|umem|userptr|_map_dma|pin_memory/;

/** Classifies the function `fn` of file `path` (kernel tree path) as a pin site. */
export function classifyPinSite(path: string, fn: string | null): PinSite {
  const matches = (e: SiteEntry): boolean =>
    e.path.test(path) && (e.fn === undefined || (fn !== null && e.fn.test(fn)));
  const short = SHORTTERM.find(matches);
  if (short !== undefined) return { kind: 'shortterm', reason: short.reason };
  const long = LONGTERM.find(matches);
  if (long !== undefined) return { kind: 'longterm', source: 'table', reason: long.reason };
  if (fn !== null && REGISTRATION_NAME.test(fn) && !fn.includes('unregister')) {
    return { kind: 'longterm', source: 'name', reason: `${fn}() looks like a registration that keeps the pages` };
  }
  return { kind: 'unknown' };
}
