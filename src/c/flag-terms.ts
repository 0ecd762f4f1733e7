import type { Token } from './tokenize.js';
import { at } from './at.js';

/** What a flag expression is made of. */
export interface FlagTerms {
  /** Constants that may be set: `FOLL_WRITE | FOLL_LONGTERM`, both arms of `w ? FOLL_WRITE : 0`. */
  readonly set: ReadonlySet<string>;
  /** Constants masked off: `flags & ~FOLL_LONGTERM`, `~(FOLL_LONGTERM | FOLL_PIN)`. */
  readonly cleared: ReadonlySet<string>;
  /** Variables and members read: `gup_flags`, `kfp->flags`, `gup->flags`. */
  readonly variables: readonly string[];
}

const CONSTANT = /^[A-Z][A-Z0-9_]*$/;
const KEYWORDS = new Set([
  'sizeof',
  'typeof',
  'unsigned',
  'signed',
  'int',
  'long',
  'short',
  'char',
  'bool',
  'const',
  'volatile',
  'struct',
  'union',
  'enum',
  'void',
  'true',
  'false',
  'NULL',
]);

/**
 * Splits a flag expression into constants and variables. It over-approximates on purpose
 * ("may be set"): a rule that asks "could FOLL_LONGTERM be in here?" must not say no when a branch
 * or variable could supply it. Calls (`BIT(3)`, `foo(x)`) are opaque and contribute nothing but
 * the variables among their arguments.
 */
export function flagTerms(expr: readonly Token[]): FlagTerms {
  const set = new Set<string>();
  const cleared = new Set<string>();
  const variables: string[] = [];
  // Depth of each '(' opened right after a '~': everything inside is masked off.
  const negatedGroups: number[] = [];
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const t = at(expr, i);
    const prev = expr[i - 1];
    const next = expr[i + 1];
    if (t.text === '(') {
      depth++;
      if (prev?.text === '~') negatedGroups.push(depth);
      continue;
    }
    if (t.text === ')') {
      if (negatedGroups.at(-1) === depth) negatedGroups.pop();
      depth--;
      continue;
    }
    if (t.kind !== 'ident' || next?.text === '(' || KEYWORDS.has(t.text)) continue;
    if (prev?.text === '->' || prev?.text === '.') continue;
    if (CONSTANT.test(t.text)) {
      (prev?.text === '~' || negatedGroups.length > 0 ? cleared : set).add(t.text);
      continue;
    }
    variables.push(readPath(expr, i));
  }
  return { set, cleared, variables: [...new Set(variables)] };
}

/** `kfp` `->` `flags` → `kfp->flags`. */
function readPath(expr: readonly Token[], pos: number): string {
  let path = at(expr, pos).text;
  for (let k = pos + 1; k + 1 < expr.length; k += 2) {
    const sep = at(expr, k);
    const member = at(expr, k + 1);
    if ((sep.text !== '->' && sep.text !== '.') || member.kind !== 'ident') break;
    path += sep.text + member.text;
  }
  return path;
}
