import { describe, expect, it } from 'vitest';
import { isKvmFaultPath } from './kvm-fault-paths.js';

describe('isKvmFaultPath', () => {
  it.each([
    ['virt/kvm/kvm_main.c', 'hva_to_pfn_slow', true],
    ['virt/kvm/kvm_main.c', '__gfn_to_pfn_memslot', true],
    ['virt/kvm/kvm_main.c', 'kvm_vcpu_map', true],
    ['virt/kvm/pfncache.c', 'hva_to_pfn_retry', true],
    ['arch/x86/kvm/mmu/mmu.c', 'kvm_mmu_do_page_fault', true],
    ['arch/x86/kvm/mmu/mmu.c', null, true],
    ['arch/arm64/kvm/mmu.c', 'user_mem_abort', true],
    ['arch/riscv/kvm/mmu.c', 'kvm_riscv_gstage_map', true],
    ['arch/riscv/kvm/mmu.c', 'kvm_arch_prepare_memory_region', false],
    ['arch/x86/kvm/svm/sev.c', 'sev_pin_memory', false],
    ['arch/x86/kvm/svm/sev.c', 'sev_mem_enc_register_region', false],
    ['virt/kvm/kvm_main.c', 'kvm_set_memslot', false],
    ['virt/kvm/kvm_main.c', null, false],
    ['drivers/vfio/vfio_iommu_type1.c', 'vaddr_get_pfns', false],
  ])('%s %s → %s', (path, fn, expected) => {
    expect(isKvmFaultPath(path, fn)).toBe(expected);
  });
});
