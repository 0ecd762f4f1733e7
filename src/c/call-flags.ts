import type { CodeFragment } from './fragment.js';
import { gupFlagArgument } from './gup-api.js';
import { resolveFlags } from './resolve-flags.js';
import { scopeAssignments, type CallSite } from './scope.js';

/** What the flag arguments of one call may carry, variables followed in its function. */
export interface CallFlags {
  /** Every constant that may be set. */
  readonly constants: ReadonlySet<string>;
  /** Constants masked off (`flags & ~FOLL_LONGTERM`). */
  readonly cleared: ReadonlySet<string>;
  /** Flag-like variables (`…flag…`) with no visible assignment. */
  readonly unresolvedFlags: readonly string[];
}

const FLAG_NAME = /flag/i;

/**
 * The flags a call passes: its gup_flags argument for the GUP family, every argument for any
 * other function (a wrapper such as `sev_pin_memory(kvm, addr, size, &n, FOLL_WRITE)`), each
 * resolved through the assignments of the enclosing function (see resolveFlags).
 */
export function callFlags(fragment: CodeFragment, site: CallSite): CallFlags {
  const gup = gupFlagArgument(site.call);
  const args = gup !== null ? [gup] : site.call.args;
  const assignments = scopeAssignments(fragment, site.line);
  const constants = new Set<string>();
  const cleared = new Set<string>();
  const unresolved = new Set<string>();
  for (const arg of args) {
    const r = resolveFlags(arg.tokens, assignments);
    r.constants.forEach((c) => constants.add(c));
    r.cleared.forEach((c) => cleared.add(c));
    r.unresolved.filter((v) => FLAG_NAME.test(v)).forEach((v) => unresolved.add(v));
  }
  return { constants, cleared, unresolvedFlags: [...unresolved] };
}

/** The call may pass `flag` and does not mask it off. */
export function callCarries(fragment: CodeFragment, site: CallSite, flag: string): boolean {
  const f = callFlags(fragment, site);
  return f.constants.has(flag) && !f.cleared.has(flag);
}
