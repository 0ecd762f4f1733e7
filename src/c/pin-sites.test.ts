import { describe, expect, it } from 'vitest';
import { classifyPinSite } from './pin-sites.js';

describe('classifyPinSite', () => {
  it.each([
    ['drivers/vfio/vfio_iommu_type1.c', 'vaddr_get_pfns', 'longterm'],
    ['mm/frame_vector.c', 'get_vaddr_frames', 'longterm'],
    ['drivers/iommu/iommufd/pages.c', 'pfn_reader_user_pin', 'longterm'],
    ['drivers/iommu/iommufd/pages.c', 'iopt_pages_rw_slow', 'shortterm'],
    ['drivers/infiniband/core/umem_odp.c', 'ib_umem_odp_get', 'shortterm'],
    ['virt/kvm/kvm_main.c', 'hva_to_pfn_slow', 'shortterm'],
    ['arch/x86/kvm/mmu/mmu.c', 'kvm_faultin_pfn', 'shortterm'],
    ['mm/gup.c', '__gup_longterm_locked', 'shortterm'],
    ['drivers/gpu/drm/foo/foo_userptr.c', 'foo_userptr_get_pages', 'longterm'],
    ['arch/x86/kvm/svm/sev.c', 'sev_pin_memory', 'longterm'],
    ['drivers/foo/bar.c', 'bar_unregister_buffer', 'unknown'],
    ['drivers/foo/bar.c', null, 'unknown'],
  ])('%s %s → %s', (path, fn, kind) => {
    expect(classifyPinSite(path, fn).kind).toBe(kind);
  });

  it('says where a long-term verdict comes from', () => {
    expect(classifyPinSite('net/xdp/xdp_umem.c', 'xdp_umem_pin_pages')).toMatchObject({ source: 'table' });
    expect(classifyPinSite('drivers/foo/bar.c', 'bar_register_mr')).toMatchObject({ source: 'name' });
  });
});
