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

/** How one expression reads as flag terms; the follower below is the same for every reading. */
export interface TermReading {
  readonly constants: Iterable<string>;
  readonly cleared: Iterable<string>;
  readonly variables: readonly string[];
  readonly opaque: readonly string[];
  readonly test: boolean;
}

/** A reading of expressions, and of the value masked off by `x &= value`. */
export interface TermReader {
  read(tokens: readonly Token[]): TermReading;
  masked(value: readonly Token[]): Iterable<string>;
}

export interface FollowedFlags extends FlagResolution {
  readonly opaque: readonly string[];
  readonly test: boolean;
}

/**
 * Follows `expr` through `assignments` (normally those of the enclosing function): `gup_flags`
 * with `gup_flags = FOLL_LONGTERM;` and `gup_flags |= FOLL_WRITE;` may contain both flags.
 * Order and control flow are ignored on purpose: any assignment may reach the use ("may"
 * semantics), so a rule asking for a missing flag errs towards silence. `reader` says what an
 * expression is made of (flagTerms here, orTerms for mmap flags).
 */
export function followFlags(
  expr: readonly Token[],
  assignments: readonly Assignment[],
  reader: TermReader,
): FollowedFlags {
  const constants = new Set<string>();
  const cleared = new Set<string>();
  const unresolved: string[] = [];
  const opaque: string[] = [];
  const via: Assignment[] = [];
  const seen = new Set<string>();
  let test = false;
  const visit = (tokens: readonly Token[]): void => {
    const terms = reader.read(tokens);
    test ||= terms.test;
    for (const c of terms.constants) constants.add(c);
    for (const c of terms.cleared) cleared.add(c);
    opaque.push(...terms.opaque);
    for (const v of terms.variables) {
      if (seen.has(v)) continue;
      seen.add(v);
      const feeding = assignments.filter((a) => sameTarget(a.target, v));
      if (feeding.length === 0) unresolved.push(v);
      for (const a of feeding) {
        via.push(a);
        if (a.op === '&=') {
          for (const c of reader.masked(a.value)) cleared.add(c);
        } else {
          visit(a.value);
        }
      }
    }
  };
  visit(expr);
  return { constants, cleared, unresolved, opaque, test, via };
}

/** flagTerms' permissive reading: every constant may be set, `~` masks off, calls are opaque. */
const FLAG_TERMS: TermReader = {
  read: (tokens) => {
    const t = flagTerms(tokens);
    return { constants: t.set, cleared: t.cleared, variables: t.variables, opaque: [], test: false };
  },
  masked: (value) => flagTerms(value).cleared,
};

/** Follows a flag argument through its function's assignments (see followFlags), read by flagTerms. */
export function resolveFlags(expr: readonly Token[], assignments: readonly Assignment[]): FlagResolution {
  const { constants, cleared, unresolved, via } = followFlags(expr, assignments, FLAG_TERMS);
  return { constants, cleared, unresolved, via };
}
