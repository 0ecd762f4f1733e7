import { findAssignments } from './find-assignments.js';
import { flagTerms } from './flag-terms.js';
import { isChanged, lineOf, type CodeFragment, type FragmentLine } from './fragment.js';
import { GUP_FLAG_ARGUMENT, gupFlagArgument } from './gup-api.js';
import { findCallSites, hunkUnit } from './scope.js';
import { tokensText } from './token-text.js';
import type { Token } from './tokenize.js';

/** An added expression that masks a flag off a flag value. */
export interface FlagClear {
  /** The added flag token inside the mask. */
  readonly token: Token;
  readonly line: FragmentLine;
  /** `gup_flags &= ~FOLL_LONGTERM`, `pin_user_pages_fast(…, flags & ~FOLL_LONGTERM, …)`. */
  readonly text: string;
}

/**
 * Added code that clears `flag` from flags that are then used: `x &= ~F`, `x = y & ~F` (also
 * under a condition), or `… & ~F` as the gup_flags argument of a GUP call. Validity masks in
 * conditions (`if (flags & ~(FOLL_WRITE | FOLL_LONGTERM)) return -EINVAL;`) are not clears.
 */
export function addedFlagClears(fragment: CodeFragment, flag: string): FlagClear[] {
  const out: FlagClear[] = [];
  const addedFlag = (tokens: readonly Token[]): Token | undefined =>
    tokens.find((t) => t.text === flag && isChanged(fragment, t));
  for (const a of findAssignments(fragment.code, hunkUnit(fragment))) {
    const terms = flagTerms(a.value);
    const token = addedFlag(a.value);
    if (token === undefined || !terms.cleared.has(flag)) continue;
    if (a.op === '=' && terms.variables.length === 0) continue;
    out.push({ token, line: lineOf(fragment, token), text: `${a.target} ${a.op} ${tokensText(a.value)}` });
  }
  for (const site of findCallSites(fragment, (n) => GUP_FLAG_ARGUMENT.has(n))) {
    const arg = gupFlagArgument(site.call);
    const token = arg === null ? undefined : addedFlag(arg.tokens);
    if (arg === null || token === undefined || !flagTerms(arg.tokens).cleared.has(flag)) continue;
    out.push({ token, line: lineOf(fragment, token), text: `${site.call.name}(… ${arg.text} …)` });
  }
  return out;
}
