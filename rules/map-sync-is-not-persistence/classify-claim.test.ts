import { describe, expect, it } from 'vitest';
import { classifyClaim } from './classify-claim.js';

describe('classifyClaim', () => {
  it.each([
    // kb row 29 (QEMU 'sync' option help text, Nov 2018), as the knowledge base summarises it
    [
      'The sync option maps mem-path with MAP_SYNC, which can fully guarantee the guest write persistence to mem-path.',
      'persistence',
    ],
    ['With MAP_SYNC the data written by the guest is durable as soon as the store completes.', 'persistence'],
    ['MAP_SYNC makes guest writes persistent immediately', 'persistence'],
    ['If MAP_SYNC is in effect, there is no need to flush the CPU cache after writing.', 'noFlush'],
    ['Map the label area with QEMU_MAP_SYNC so that we can skip pmem_persist() after updates.', 'noFlush'],
    ['MAP_SYNC gives us durability, so writes go out without any cache flush.', 'noFlush'],
  ])('flags %s', (sentence, kind) => {
    expect(classifyClaim(sentence)).toBe(kind);
  });

  it.each([
    // relevant/018 and the devdax series (nvdimm archive): metadata only
    'MAP_SYNC on a dax mapping guarantees dirty metadata is flushed on write-faults (non-cow), but not read-faults.',
    // kb row 31, quoted from the v15 patch: metadata
    'When a file supporting DAX is used as vNVDIMM backend, mmap it with MAP_SYNC flag in addition which can ensure file system metadata synced in each guest writes to the backend file, without other QEMU actions (e.g., periodic fsync() by QEMU).',
    // statx(2) man page wording: names the cache flush
    'A DAX file may support being mapped with the MAP_SYNC flag, which enables a program to use CPU cache flush instructions to persist CPU store operations without an explicit fsync(2).',
    // QEMU qemu-options.hx pmem text
    'Also, we will map the backend-file with MAP_SYNC flag, which ensures the file metadata is in sync for mem-path in case of host crash or a power failure.',
    // QEMU docs/nvdimm.txt: MAP_SYNC as one condition
    "When using DAX file (A file supporting direct mapping of persistent memory) as a backend, write persistence is guaranteed if the host kernel has support for the MAP_SYNC flag in the mmap system call and additionally, both 'pmem' and 'share' flags are set to 'on' on the backend.",
    // nvdimm archive, virtiofs discussion (Vivek Goyal)
    'So flushcache in guest makes more sense with MAP_SYNC which should make sure any filesystem metadata will already persist after fault completion.',
    'So virtiofs just offers regular posix API where applications have to do fsync/msync for data persistence.',
    'No support for mmap(MAP_SYNC).',
    // negations and failures
    'MAP_SYNC does not guarantee data persistence by itself.',
    'Without MAP_SYNC, persistence of guest writes is not guaranteed.',
    'mmap with MAP_SYNC failed, data persistence across host crashes cannot be guaranteed.',
    // no claim at all
    'Define new MAP_SYNC flag and corresponding VMA VM_SYNC flag.',
    'Without this, mmap returns EOPNOTSUPP for MAP_SYNC with MAP_SHARED_VALIDATE',
    // persistence claimed, but not about MAP_SYNC (kb row 33)
    'QEMU errors out if it was built without libpmem (and thus can not guarantee write persistence).',
    // fsync/msync no longer needed is exactly what MAP_SYNC is for
    'With MAP_SYNC, applications do not need to call fsync() or msync() to make block allocations durable.',
    'MAP_SYNC still needs the application to flush CPU caches for data persistence.',
  ])('leaves alone %s', (sentence) => {
    expect(classifyClaim(sentence)).toBeNull();
  });
});
