import type { CodeFragment } from './fragment.js';
import { findIfStatements, type IfStatement } from './find-if.js';
import { hunkUnit } from './scope.js';
import type { Token } from './tokenize.js';

/** An `if` around a token: the token sits in its body (then) or its else branch. */
export interface Guard {
  readonly statement: IfStatement;
  readonly branch: 'then' | 'else';
}

/**
 * The `if` statements whose body or else branch contains `token`, outermost first, as far as the
 * hunk shows them (an `if` opened above the hunk is not seen).
 */
export function guardsOf(
  fragment: CodeFragment,
  token: Token,
  ifs: readonly IfStatement[] = findIfStatements(fragment.code, hunkUnit(fragment)),
): Guard[] {
  const out: Guard[] = [];
  for (const statement of ifs) {
    if (statement.body.includes(token)) out.push({ statement, branch: 'then' });
    else if (statement.elseBody.includes(token)) out.push({ statement, branch: 'else' });
  }
  return out;
}
