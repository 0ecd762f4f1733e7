import { findIfStatements } from '../../src/c/find-if.js';
import { isChanged, lineOf, type CodeFragment, type FragmentLine } from '../../src/c/fragment.js';
import { hunkUnit } from '../../src/c/scope.js';

/**
 * GUP flags in mainline (include/linux/mm_types.h, mm/internal.h, past and present). A FOLL_*
 * name outside this list is new to the tree.
 */
export const KNOWN_FOLL_FLAGS: ReadonlySet<string> = new Set([
  'FOLL_WRITE',
  'FOLL_GET',
  'FOLL_DUMP',
  'FOLL_FORCE',
  'FOLL_NOWAIT',
  'FOLL_NOFAULT',
  'FOLL_HWPOISON',
  'FOLL_ANON',
  'FOLL_LONGTERM',
  'FOLL_SPLIT_PMD',
  'FOLL_PCI_P2PDMA',
  'FOLL_INTERRUPTIBLE',
  'FOLL_HONOR_NUMA_FAULT',
  'FOLL_PIN',
  'FOLL_FAST_ONLY',
  'FOLL_TOUCH',
  'FOLL_TRIED',
  'FOLL_REMOTE',
  'FOLL_UNLOCKABLE',
  'FOLL_MADV_POPULATE',
  'FOLL_COW',
  'FOLL_MIGRATION',
  'FOLL_SPLIT',
  'FOLL_POPULATE',
  'FOLL_MLOCK',
  'FOLL_NUMA',
  'FOLL_EXEC',
  'FOLL_NOFAULT',
]);

/** Where GUP decides whether a long-term pin is allowed (mm/gup.c, include/linux/mm.h, mm/mmap.c). */
export const LONGTERM_GATES: readonly string[] = [
  'check_vma_flags',
  'writable_file_mapping_allowed',
  'folio_is_longterm_pinnable',
  'gup_fast_folio_allowed',
  '__gup_longterm_locked',
  'check_and_migrate_movable_pages',
  'check_and_migrate_movable_folios',
  'vma_needs_dirty_tracking',
  'is_valid_gup_args',
  'check_dax_vmas',
  'get_user_pages_longterm',
];
const GATE = new Set(LONGTERM_GATES);

/** An added test of a new GUP flag that lets a pin past a long-term check. */
export interface BypassFlag {
  readonly flag: string;
  readonly line: FragmentLine;
}

/**
 * Added `if` conditions in GUP's long-term gates that test a FOLL_* flag the tree does not have,
 * where the branch lets the pin through (its body returns neither a -E… error nor false) or the flag
 * is tested negated (`!(gup_flags & FOLL_X)` guarding an existing refusal). A new flag that adds a
 * refusal (`if (gup_flags & FOLL_X) return -EINVAL;` / `return false;`) is not a bypass.
 */
export function addedBypassFlags(fragment: CodeFragment): BypassFlag[] {
  const out: BypassFlag[] = [];
  for (const s of findIfStatements(fragment.code, hunkUnit(fragment))) {
    const line = lineOf(fragment, s.ifToken);
    if (line.fn === null || !GATE.has(line.fn)) continue;
    s.condition.forEach((t, i) => {
      if (!t.text.startsWith('FOLL_') || KNOWN_FOLL_FLAGS.has(t.text) || !isChanged(fragment, t)) return;
      const negated = s.condition.slice(0, i).some((p, k) => p.text === '!' && s.condition[k + 1]?.text === '(');
      const refuses = s.body.some(
        (b, k) =>
          (b.text === '-' && /^E[A-Z]+$/.test(s.body[k + 1]?.text ?? '')) ||
          (b.text === 'return' && s.body[k + 1]?.text === 'false'),
      );
      if ((negated || !refuses) && !out.some((o) => o.flag === t.text && o.line === lineOf(fragment, t))) {
        out.push({ flag: t.text, line: lineOf(fragment, t) });
      }
    });
  }
  return out;
}
