import type { DiffFile } from '../../src/model/diff.js';
import { isCodeFile } from '../../src/c/code-file.js';
import { findIfStatements } from '../../src/c/find-if.js';
import { buildFragment, isChanged, lineOf, type CodeFragment, type FragmentLine } from '../../src/c/fragment.js';
import { findCallSites, hunkUnit, type CallSite } from '../../src/c/scope.js';

/** The tests GUP and pin sites use to tell an fs-dax mapping or folio (docs/knowledge/gup-api-history.md). */
export const FSDAX_PREDICATES: ReadonlySet<string> = new Set(['vma_is_fsdax', 'folio_is_fsdax', 'is_fsdax_page']);

/** GUP's own refusal: anywhere in mm/gup.c, and folio_is_longterm_pinnable() in include/linux/mm.h. */
export function isGupRefusal(path: string, fn: string | null): boolean {
  return path === 'mm/gup.c' || (path === 'include/linux/mm.h' && fn === 'folio_is_longterm_pinnable');
}

/** An fs-dax test the patch removes. */
export interface RemovedFsdaxTest {
  readonly file: DiffFile;
  /** The removed predicate call (old side). */
  readonly site: CallSite;
  /** Its line on the old side. */
  readonly line: FragmentLine;
}

/** Where GUP's refusal and its helpers live: a test added here can stand in for one removed. */
const CORE_FILES = /^(?:mm\/|include\/linux\/)/;

const predicateSites = (fragment: CodeFragment): CallSite[] =>
  findCallSites(fragment, (n) => FSDAX_PREDICATES.has(n)).filter((s) => isChanged(fragment, s.call.nameToken));

/**
 * fs-dax predicate calls removed by the patch that are not added back: a removal counts only
 * while the patch adds fewer predicate calls, in the same file or (for removals in mm/ and
 * include/linux/) anywhere in mm/ and include/linux/, than it removes there. So moving the test
 * (into check_vma_flags(), a helper, folio_is_longterm_pinnable()) is not a removal.
 */
export function removedFsdaxTests(diff: readonly DiffFile[]): RemovedFsdaxTest[] {
  const added = new Map<DiffFile, number>(
    diff.filter((f) => isCodeFile(f, 'new')).map((f) => [f, predicateSites(buildFragment(f, 'new')).length]),
  );
  const addedInGup = [...added].filter(([f]) => CORE_FILES.test(f.path)).reduce((n, [, k]) => n + k, 0);
  const out: RemovedFsdaxTest[] = [];
  for (const file of diff.filter((f) => isCodeFile(f, 'old'))) {
    const old = buildFragment(file, 'old');
    const removed = predicateSites(old);
    const gup = CORE_FILES.test(file.path);
    const back = (added.get(file) ?? 0) + (gup ? addedInGup - (added.get(file) ?? 0) : 0);
    if (removed.length <= back) continue;
    for (const site of removed) out.push({ file, site, line: lineOf(old, site.call.nameToken) });
  }
  return out;
}

const DAX_TESTS = new Set(['vma_is_dax', 'IS_DAX', 'IS_FSDAX']);

/**
 * Where the patch makes vma_is_fsdax() stop recognising regular DAX files: the function's old
 * body tested vma_is_dax()/IS_DAX() and the new one does not, or an added `if` that returns
 * false for regular files (S_ISREG). Fixes that keep the test (device-dax exclusion with
 * S_ISCHR) are not weakenings. Returns the first changed line on the new side.
 */
export function weakenedVmaIsFsdax(file: DiffFile): FragmentLine | null {
  if (!isCodeFile(file, 'new') || !isCodeFile(file, 'old')) return null;
  const neu = buildFragment(file, 'new');
  const old = buildFragment(file, 'old');
  const inFn = (f: CodeFragment) => f.code.filter((t) => lineOf(f, t).fn === 'vma_is_fsdax');
  const newBody = inFn(neu);
  const changed = newBody.find((t) => isChanged(neu, t));
  if (changed === undefined) return null;
  const lostTest = inFn(old).some((t) => DAX_TESTS.has(t.text)) && !newBody.some((t) => DAX_TESTS.has(t.text));
  const regularOut = findIfStatements(neu.code, hunkUnit(neu)).some(
    (s) =>
      lineOf(neu, s.ifToken).fn === 'vma_is_fsdax' &&
      isChanged(neu, s.ifToken) &&
      s.condition.some((t) => t.text === 'S_ISREG') &&
      s.body.some((t) => t.text === 'false'),
  );
  return lostTest || regularOut ? lineOf(neu, changed) : null;
}
