import type { Rule } from '../src/engine/rule.js';
import fsdaxLayoutChangeWithoutBreakLayouts from './fsdax-layout-change-without-break-layouts/rule.js';
import fsdaxLongtermRefusalRemoved from './fsdax-longterm-refusal-removed/rule.js';
import getUserPagesLongtermRemovedApi from './get-user-pages-longterm-removed-api/rule.js';
import iommufdPinLongterm from './iommufd-pin-longterm/rule.js';
import longtermPinFailureAfterVmStart from './longterm-pin-failure-after-vm-start/rule.js';
import longtermPinShorttermFallback from './longterm-pin-shortterm-fallback/rule.js';
import longtermPinWithoutFollLongterm from './longterm-pin-without-foll-longterm/rule.js';
import mapSyncIsNotPersistence from './map-sync-is-not-persistence/rule.js';
import mapSyncRequiresSharedValidate from './map-sync-requires-shared-validate/rule.js';
import mapSyncSilentFallback from './map-sync-silent-fallback/rule.js';
import memoryBackendFileFsdaxWithDma from './memory-backend-file-fsdax-with-dma/rule.js';
import pinUnpinMismatch from './pin-unpin-mismatch/rule.js';
import vfioVaddrGetPfnFsdax from './vfio-vaddr-get-pfn-fsdax/rule.js';
import writableLongtermPinFileBacked from './writable-longterm-pin-file-backed/rule.js';

/** The rule catalog, sorted by id (checked by test/catalog.test.ts). */
export const rules: readonly Rule[] = [
  fsdaxLayoutChangeWithoutBreakLayouts,
  fsdaxLongtermRefusalRemoved,
  getUserPagesLongtermRemovedApi,
  iommufdPinLongterm,
  longtermPinFailureAfterVmStart,
  longtermPinShorttermFallback,
  longtermPinWithoutFollLongterm,
  mapSyncIsNotPersistence,
  mapSyncRequiresSharedValidate,
  mapSyncSilentFallback,
  memoryBackendFileFsdaxWithDma,
  pinUnpinMismatch,
  vfioVaddrGetPfnFsdax,
  writableLongtermPinFileBacked,
];
