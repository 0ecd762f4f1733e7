/**
 * KVM code that translates guest accesses to host pages while the guest runs (docs/knowledge/longterm-vs-shortterm-pins.md,
 * "Short-term sites"): the fault and translation paths that follow the primary MMU through MMU notifiers and take
 * at most a transient reference. Explicit registrations (SEV encrypted regions, memslot setup) are
 * not fault paths, even when they live under arch/<arch>/kvm/.
 */

// Whole files that only hold fault / translation code.
const FAULT_FILES = /^(?:arch\/x86\/kvm\/mmu\/|virt\/kvm\/pfncache\.c$|arch\/x86\/kvm\/paging_tmpl\.h$)/;
// Functions of the generic and per-arch KVM code that resolve a guest access to a host pfn.
const FAULT_FUNCTIONS =
  /hva_to_pfn|gfn_to_pfn|gfn_to_page|kvm_follow_pfn|faultin_pfn|kvm_vcpu_map|user_mem_abort|page_fault|handle_.*fault|gmap_fault|kvm_s2_fault|gpc_refresh|kvm_resolve_pfn|gstage_map/;
const KVM_DIRS = /^(?:virt\/kvm\/|arch\/[^/]+\/kvm\/)/;
// Registrations that pin on purpose before use and report failure to their caller.
const REGISTRATIONS = /register|enc_region|pin_memory|^sev_|set_memslot|(?:prepare|commit)_memory_region/;

/** Whether `fn` in `path` is a KVM fault / translation path (null fn: judged by the file alone). */
export function isKvmFaultPath(path: string, fn: string | null): boolean {
  if (!KVM_DIRS.test(path) && !path.startsWith('arch/x86/kvm/')) return false;
  if (fn !== null && REGISTRATIONS.test(fn)) return false;
  if (FAULT_FILES.test(path)) return true;
  return fn !== null && FAULT_FUNCTIONS.test(fn);
}
