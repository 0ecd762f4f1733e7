/**
 * mmap(2) entry points and where each takes its `flags` (docs/knowledge/map-sync.md): libc and syscall
 * wrappers (C, Rust libc/nix), Go's unix.Mmap/syscall.Mmap, and QEMU's qemu_ram_mmap().
 */

/** Callee → index of the flags argument. */
export const MMAP_FLAG_ARGUMENT: ReadonlyMap<string, number> = new Map([
  ['mmap', 3],
  ['mmap64', 3],
  ['__mmap', 3],
  ['__mmap64', 3],
  ['mmap2', 3],
  ['sys_mmap', 3],
  ['mmap_pgoff', 3],
  ['ksys_mmap_pgoff', 3],
  ['SAFE_MMAP', 3],
  // golang.org/x/sys/unix and syscall: Mmap(fd, offset, length, prot, flags)
  ['Mmap', 4],
]);

/** QEMU's RAM mapper: qemu_ram_mmap(fd, size, align, qemu_map_flags, map_offset) (QEMU 6.1+). */
export const QEMU_RAM_MMAP = 'qemu_ram_mmap';
export const QEMU_RAM_MMAP_FLAGS = 3;

/** Whether argument `index` of a call to `callee` is an mmap flags argument. */
export function isMmapFlagArgument(callee: string, index: number): boolean {
  return MMAP_FLAG_ARGUMENT.get(callee) === index;
}

/** Files whose MAP_* definitions are the ABI itself: kernel uapi/arch headers and their copies. */
const SYSTEM_HEADER =
  /(?:^|\/)include\/uapi\/|^arch\/[^/]+\/include\/|^tools\/(?:include|arch|perf\/trace\/beauty)\/|^linux-headers\/|^include\/standard-headers\/|(?:^|\/)sysdeps\/|(?:^|\/)bits\/mman|^libc-top-half\/|^src\/unix\/linux_like\//;

/** Kernel-internal code: it tests and translates mmap flags, it never builds them for a mapping. */
const KERNEL_INTERNAL =
  /^(?:mm|fs|kernel|ipc|init|virt|include\/linux|include\/asm-generic|include\/trace|drivers|arch)\//;

/** Paths whose MAP_SYNC / MAP_SHARED_VALIDATE use is not a user-space mapping request. */
export function isMmapAbiPath(path: string): boolean {
  return SYSTEM_HEADER.test(path) || KERNEL_INTERNAL.test(path);
}
