import { callFlags } from '../../src/c/call-flags.js';
import { findAssignments } from '../../src/c/find-assignments.js';
import type { CodeFragment } from '../../src/c/fragment.js';
import { GUP_FLAG_ARGUMENT, gupFlagArgument } from '../../src/c/gup-api.js';
import { guardsOf } from '../../src/c/guards.js';
import { findCallSites, hunkUnit, type CallSite } from '../../src/c/scope.js';

/** A second pin of the same range, without `flag`, under a test of the first pin's failure. */
export interface PinRetry {
  readonly first: CallSite;
  readonly retry: CallSite;
  /** Whether the first pin carries the flag: 'yes', or 'unknown' (its flag variable is set out of sight). */
  readonly firstCarries: 'yes' | 'unknown';
}

// Failure tests that guard a retry: error codes and IS_ERR.
const FAILURE_WORDS = new Set(['EOPNOTSUPP', 'ENOTSUPP', 'EFAULT', 'EPERM', 'EINVAL', 'IS_ERR']);

/** The user address a GUP call starts at: two arguments before its gup_flags. */
function startArgument(site: CallSite): string | null {
  const flags = gupFlagArgument(site.call);
  const index = flags === null ? -1 : site.call.args.indexOf(flags);
  return index >= 2 ? (site.call.args[index - 2]?.text ?? null) : null;
}

/**
 * Added GUP calls that pin the same start address as an earlier GUP call of the same function,
 * without `flag`, inside an `if` whose condition tests the earlier call's result variable or an
 * error code: "retry short-term when the long-term pin is refused". The retry's flags must be
 * fully visible; the first call's may be unknown (reported as such).
 */
export function pinRetriesWithout(fragment: CodeFragment, flag: string): PinRetry[] {
  const sites = findCallSites(fragment, (n) => GUP_FLAG_ARGUMENT.has(n));
  const assignments = findAssignments(fragment.code, hunkUnit(fragment));
  const resultOf = (s: CallSite): string | undefined =>
    assignments.find((a) => a.value[0] === s.call.nameToken)?.target;
  const position = (s: CallSite): number => fragment.code.indexOf(s.call.nameToken);
  const out: PinRetry[] = [];
  for (const retry of sites) {
    const start = startArgument(retry);
    if (!retry.changed || start === null) continue;
    const flags = callFlags(fragment, retry);
    if ((flags.constants.has(flag) && !flags.cleared.has(flag)) || flags.unresolvedFlags.length > 0) continue;
    const conditions = guardsOf(fragment, retry.call.nameToken)
      .filter((g) => g.branch === 'then')
      .map((g) => g.statement.condition);
    for (const first of sites) {
      if (
        position(first) >= position(retry) ||
        first.fn !== retry.fn ||
        first.line.hunk !== retry.line.hunk ||
        startArgument(first) !== start
      )
        continue;
      const result = resultOf(first);
      const tested = conditions.some((c) =>
        c.some((t) => FAILURE_WORDS.has(t.text) || (result !== undefined && t.text === result)),
      );
      if (!tested) continue;
      const f = callFlags(fragment, first);
      const carries =
        f.constants.has(flag) && !f.cleared.has(flag) ? 'yes' : f.unresolvedFlags.length > 0 ? 'unknown' : null;
      if (carries !== null) {
        out.push({ first, retry, firstCarries: carries });
        break;
      }
    }
  }
  return out;
}
