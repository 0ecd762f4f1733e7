import { describe, expect, it } from 'vitest';
import { classifyMemPath } from './mem-path-kind.js';

describe('classifyMemPath', () => {
  it.each([
    ['/var/lib/libvirt/qemu/ram/guest', 'page-cache'],
    ['/srv/vm/ram.img', 'page-cache'],
    ['"/srv/vm/ram.img"', 'page-cache'],
    ['/dev/shm/ram0', 'shmem'],
    ['/dev/hugepages/vm', 'hugetlbfs'],
    ['/mnt/huge', 'hugetlbfs'],
    ['/dev/dax0.0', 'device-dax'],
    ['/mnt/pmem0/vm', 'fsdax-hint'],
    ['/tmp/ram', 'ambiguous'],
    ['/path/to/file', 'placeholder'],
    ['$MEMFILE', 'placeholder'],
    ['<file>', 'placeholder'],
    ['ram0', 'placeholder'],
  ])('%s → %s', (path, kind) => {
    expect(classifyMemPath(path)).toBe(kind);
  });
});
