import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

/** One hunk of `path` inside `fn`; counts computed from the marked lines. */
function hunk(path: string, fn: string, lines: readonly string[]): string[] {
  const old = lines.filter((l) => !l.startsWith('+')).length;
  const nu = lines.filter((l) => !l.startsWith('-')).length;
  return [
    `diff --git a/${path} b/${path}`,
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -20,${old} +20,${nu} @@ ${fn}`,
    ...lines,
  ];
}
const mail = (subject: string, path: string, fn: string, lines: readonly string[]): string =>
  inlineMail({ subject: `[PATCH] ${subject}`, diff: hunk(path, fn, lines) });

ruleTester.run(rule, {
  valid: [
    // kb row 17: cover letter of the KVM MMU huge-page/DAX series, no diff
    'valid/kb17-kvm-x86-mmu-huge-page-fixes-cleanup-and-dax-cover.eml',
    // kb row 18: FOLL_PIN (not long-term) in kvm_vcpu_map()
    'valid/kb18-kvm-pin-pages-during-kvm-vcpu-map.eml',
    // kb rows 19 and 21: SEV encrypted-region registration is an explicit registration, not a fault path
    'valid/kb19-kvm-sev-drop-foll-longterm-for-encrypted-region.eml',
    'valid/kb21-kvm-sev-v2-drop-foll-write-for-encrypted-region.eml',
    // qemu-devel: vhost-vdpa keeps `goto fail` for RAM sections while skipping MMIO
    'valid/01-qemu-vhost-vdpa-skip-ram-device.eml',
    {
      name: 'FOLL_LONGTERM only tested on a KVM fault path',
      mail: mail(
        'KVM: refuse long-term flags',
        'virt/kvm/kvm_main.c',
        'static int hva_to_pfn_slow(struct kvm_follow_pfn *kfp, kvm_pfn_t *pfn)',
        [
          '+\tif (WARN_ON_ONCE(kfp->flags & FOLL_LONGTERM))',
          '+\t\treturn -EINVAL;',
          ' \tnpages = get_user_pages_unlocked(kfp->hva, 1, &page, flags);',
        ],
      ),
    },
    {
      name: 'FOLL_LONGTERM in a KVM registration ioctl',
      mail: mail(
        'KVM: pin the region up front',
        'arch/x86/kvm/svm/sev.c',
        'int sev_mem_enc_register_region(struct kvm *kvm,',
        [
          '-\tregion->pages = sev_pin_memory(kvm, range->addr, range->size, &region->npages, FOLL_WRITE);',
          '+\tregion->pages = sev_pin_memory(kvm, range->addr, range->size, &region->npages, FOLL_WRITE | FOLL_LONGTERM);',
        ],
      ),
    },
    {
      name: 'the QEMU device refuses the configuration at realize time',
      mail: mail(
        'vfio/pci: refuse fs-dax backed RAM',
        'hw/vfio/pci.c',
        'static void vfio_pci_realize(PCIDevice *pdev, Error **errp)',
        [
          '+\tif (vfio_ram_is_fsdax(errp)) {',
          '+\t\terror_setg(errp, "vfio: guest RAM on a filesystem-dax file cannot be pinned");',
          '+\t\treturn;',
          '+\t}',
        ],
      ),
    },
    {
      name: 'hw_error() outside the DMA-map path',
      mail: mail(
        'vfio: sanity check',
        'hw/vfio/listener.c',
        'VFIORamDiscardListener *vfio_find_ram_discard_listener(',
        [' \tif (!vrdl) {', '+\t\thw_error("vfio: Trying to sync missing RAM discard listener");', ' \t}'],
      ),
    },
    {
      name: 'hw_error() that the old code already had, reworded',
      mail: mail('vfio: reword', 'hw/vfio/listener.c', 'void vfio_container_region_add(VFIOContainer *bcontainer,', [
        ' \t\terror_report_err(err);',
        '-\t\thw_error("vfio: DMA mapping failed, unable to continue");',
        '+\t\thw_error("vfio: DMA mapping of a RAM section failed");',
      ]),
    },
    {
      name: 'a fatal call before the DMA map (argument checks) and one on the setup-only path',
      mail: mail('vfio: checks', 'hw/vfio/listener.c', 'void vfio_container_region_add(VFIOContainer *bcontainer,', [
        '+\tif (!section->mr)',
        '+\t\tabort();',
        ' \tret = vfio_container_dma_map(bcontainer, iova, size, vaddr, ro, section->mr);',
        ' \tif (ret) {',
        ' \t\tif (!bcontainer->initialized) {',
        '+\t\t\thw_error("vfio: cannot map guest RAM at setup");',
        ' \t\t}',
        ' \t}',
      ]),
    },
    {
      name: 'g_assert_not_reached() marks unreachable code, not error handling',
      mail: mail('vfio: assert', 'hw/vfio/listener.c', 'void vfio_container_region_add(VFIOContainer *bcontainer,', [
        ' \tret = vfio_container_dma_map(bcontainer, iova, size, vaddr, ro, section->mr);',
        '+\tswitch (kind) {',
        '+\tdefault:',
        '+\t\tg_assert_not_reached();',
        '+\t}',
      ]),
    },
  ],
  invalid: [
    {
      fixture: 'invalid/01-kvm-x86-fault-path-longterm.patch',
      errors: [{ messageId: 'kvmFaultLongterm', file: 'arch/x86/kvm/mmu/mmu.c', line: 4396 }],
    },
    {
      fixture: 'invalid/02-vhost-vdpa-exit-on-map-failure.patch',
      errors: [{ messageId: 'qemuFatal', file: 'hw/virtio/vhost-vdpa.c', line: 408 }],
    },
    {
      fixture: 'invalid/03-vfio-listener-ignores-map-failure.patch',
      errors: [{ messageId: 'qemuIgnored', file: 'hw/vfio/listener.c', line: 627 }],
    },
    {
      name: 'arm64 stage-2 fault asks for a long-term pin',
      mail: mail(
        'KVM: arm64: pin faulted pages',
        'arch/arm64/kvm/mmu.c',
        'static int user_mem_abort(struct kvm_vcpu *vcpu, phys_addr_t fault_ipa,',
        [
          '-\tpfn = __kvm_faultin_pfn(memslot, gfn, write_fault ? FOLL_WRITE : 0,',
          '+\tpfn = __kvm_faultin_pfn(memslot, gfn, (write_fault ? FOLL_WRITE : 0) | FOLL_LONGTERM,',
          ' \t\t\t\t&writable, &page);',
        ],
      ),
      errors: [{ messageId: 'kvmFaultLongterm', file: 'arch/arm64/kvm/mmu.c', line: 20 }],
    },
    {
      name: 'iommufd map with &error_fatal',
      mail: mail(
        'vfio/iommufd: simplify map errors',
        'hw/vfio/iommufd.c',
        'static int iommufd_cdev_map(const VFIOContainer *bcontainer, hwaddr iova,',
        [
          '-\treturn iommufd_backend_map_dma(be, ioas_id, iova, size, vaddr, readonly);',
          '+\tiommufd_backend_map_dma(be, ioas_id, iova, size, vaddr, readonly, &error_fatal);',
          '+\treturn 0;',
        ],
      ),
      errors: [{ messageId: 'qemuFatal', file: 'hw/vfio/iommufd.c', line: 20 }],
    },
  ],
});
