import { findAssignments, type Assignment } from './find-assignments.js';
import { lineOf, type CodeFragment } from './fragment.js';
import { resolveFlags, type FlagResolution } from './resolve-flags.js';
import { hunkUnit, scopeAssignments } from './scope.js';
import type { Token } from './tokenize.js';

/** The member a path ends in: `user->gup_flags` → `gup_flags`; plain variables → null. */
export function memberName(path: string): string | null {
  const m = /(?:->|\.)(\w+)$/.exec(path);
  return m?.[1] ?? null;
}

/**
 * Resolves a flag expression whose variables may be struct members set in another function of
 * the file (iommufd: `user->gup_flags` is set in pfn_reader_user_init() and read in
 * pfn_reader_user_pin()). Local variables follow the assignments of the function around `at`;
 * members (`x->m`, `x.m`) follow every assignment to a member of the same name in the file.
 */
export function resolveWithMembers(fragment: CodeFragment, expr: readonly Token[], at: Token): FlagResolution {
  const local = scopeAssignments(fragment, lineOf(fragment, at));
  const members = findAssignments(fragment.code, hunkUnit(fragment)).filter((a) => memberName(a.target) !== null);
  const byMember = (a: Assignment): Assignment => ({ ...a, target: `.${memberName(a.target) ?? a.target}` });
  return resolveFlags(expr, [...local, ...members.filter((a) => !local.includes(a)).map(byMember)]);
}
