import { isDeviceDaxPath } from '../../src/c/vm-config.js';

/**
 * What kind of memory a VMM `mem-path` (QEMU memory-backend-file, docs/knowledge/map-sync.md) most likely
 * names, judged from the path alone. Backends and devices themselves are parsed by vm-config.ts.
 */
export type MemPathKind =
  'shmem' | 'hugetlbfs' | 'device-dax' | 'fsdax-hint' | 'placeholder' | 'ambiguous' | 'page-cache';

/**
 * Only a concrete absolute path with no hint of tmpfs, hugetlbfs or DAX is 'page-cache' (a regular
 * file on a disk filesystem); /tmp and /run (often tmpfs) are 'ambiguous'.
 */
export function classifyMemPath(raw: string): MemPathKind {
  const path = raw.replace(/^["']|["']$/g, '');
  if (/[$<>{}%*]|\.\.\.|path\/to|\bPATH\b|^\w*$/.test(path)) return 'placeholder';
  if (isDeviceDaxPath(path)) return 'device-dax';
  if (/^\/dev\/shm\b|^\/run\/shm\b|\bshm\b|tmpfs|memfd/i.test(path)) return 'shmem';
  if (/huge|hugetlb/i.test(path)) return 'hugetlbfs';
  if (/pmem|dax|nvdimm|optane/i.test(path)) return 'fsdax-hint';
  if (/^\/(?:tmp|run|var\/run|dev|proc|sys)\b/.test(path)) return 'ambiguous';
  return path.startsWith('/') ? 'page-cache' : 'ambiguous';
}
