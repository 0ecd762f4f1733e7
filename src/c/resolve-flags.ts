import { sameTarget, type Assignment } from './find-assignments.js';
import { flagTerms } from './flag-terms.js';
import type { Token } from './tokenize.js';

/** What a flag argument may contain once variables are followed through their assignments. */
export interface FlagResolution {
  /** Every constant that may be set, directly or through a variable. */
  readonly constants: ReadonlySet<string>;
  /** Constants masked off anywhere along the way. */
  readonly cleared: ReadonlySet<string>;
  /** Variables with no visible assignment (parameters, globals, code outside the hunk). */
  readonly unresolved: readonly string[];
  /** The assignments that were followed, in the order met. */
  readonly via: readonly Assignment[];
}

/**
 * Follows `expr` through `assignments` (normally those of the enclosing function): `gup_flags`
 * with `gup_flags = FOLL_LONGTERM;` and `gup_flags |= FOLL_WRITE;` may contain both flags.
 * Order and control flow are ignored on purpose: any assignment may reach the use ("may"
 * semantics), so a rule asking for a missing flag errs towards silence.
 */
export function resolveFlags(expr: readonly Token[], assignments: readonly Assignment[]): FlagResolution {
  const constants = new Set<string>();
  const cleared = new Set<string>();
  const unresolved: string[] = [];
  const via: Assignment[] = [];
  const seen = new Set<string>();
  const visit = (tokens: readonly Token[]): void => {
    const terms = flagTerms(tokens);
    for (const c of terms.set) constants.add(c);
    for (const c of terms.cleared) cleared.add(c);
    for (const v of terms.variables) {
      if (seen.has(v)) continue;
      seen.add(v);
      const feeding = assignments.filter((a) => sameTarget(a.target, v));
      if (feeding.length === 0) unresolved.push(v);
      for (const a of feeding) {
        via.push(a);
        if (a.op === '&=') {
          for (const c of flagTerms(a.value).cleared) cleared.add(c);
        } else {
          visit(a.value);
        }
      }
    }
  };
  visit(expr);
  return { constants, cleared, unresolved, via };
}
