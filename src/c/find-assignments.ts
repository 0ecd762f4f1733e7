import type { UnitOf } from './find-calls.js';
import type { Token } from './tokenize.js';
import { at } from './at.js';

export type AssignOp = '=' | '|=' | '&=';

/**
 * One assignment to a variable or member, as flag code writes them:
 *   `gup_flags = FOLL_LONGTERM;`  `unsigned int flags = FOLL_WRITE | FOLL_LONGTERM;`
 *   `gup_flags |= FOLL_FORCE;`    `flags &= ~FOLL_LONGTERM;`   `.flags = FOLL_WRITE,` (designated)
 */
export interface Assignment {
  /** `gup_flags`, `kfp->flags`, `umem.flags`; `.flags` for a designated initializer. */
  readonly target: string;
  readonly op: AssignOp;
  readonly targetToken: Token;
  /** The right-hand side. */
  readonly value: readonly Token[];
}

const OPS = new Set<string>(['=', '|=', '&=']);
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

/** Every `target op value` in a comment-free token run, in order; never across units (hunks). */
export function findAssignments(code: readonly Token[], unitOf: UnitOf = () => 0): Assignment[] {
  const out: Assignment[] = [];
  for (let i = 1; i < code.length; i++) {
    const op = at(code, i);
    if (op.kind !== 'punct' || !OPS.has(op.text)) continue;
    const target = readTarget(code, i - 1, unitOf(op), unitOf);
    if (target === null) continue;
    out.push({
      target: target.path,
      op: op.text as AssignOp,
      targetToken: target.token,
      value: readValue(code, i + 1, unitOf(op), unitOf),
    });
  }
  return out;
}

/** Walks back over `a->b.c` from the token before the operator. */
function readTarget(
  code: readonly Token[],
  end: number,
  unit: number,
  unitOf: UnitOf,
): { path: string; token: Token } | null {
  const last = code[end];
  if (last?.kind !== 'ident' || unitOf(last) !== unit) return null;
  let path = last.text;
  let k = end;
  let first = last;
  while (k >= 2) {
    const sep = at(code, k - 1);
    const obj = at(code, k - 2);
    if ((sep.text !== '->' && sep.text !== '.') || obj.kind !== 'ident' || unitOf(obj) !== unit) break;
    path = `${obj.text}${sep.text}${path}`;
    first = obj;
    k -= 2;
  }
  const before = code[k - 1];
  if (before?.text === '.' && unitOf(before) === unit) return { path: `.${path}`, token: first };
  // `a[i] = …`, `*p = …` and `x->y` chains ending elsewhere are not flag variables we track.
  if (before !== undefined && unitOf(before) === unit && (before.text === ']' || before.text === '->')) return null;
  return { path, token: first };
}

/** The right-hand side: up to `;` or `,` at depth 0, or a closer that ends the enclosing group. */
function readValue(code: readonly Token[], from: number, unit: number, unitOf: UnitOf): Token[] {
  const value: Token[] = [];
  let depth = 0;
  for (let j = from; j < code.length; j++) {
    const t = at(code, j);
    if (unitOf(t) !== unit) break;
    if (OPENERS.has(t.text)) depth++;
    else if (CLOSERS.has(t.text)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (t.text === ';' || t.text === ',')) break;
    value.push(t);
  }
  return value;
}

/** Whether an assignment target and a variable reference name the same thing. */
export function sameTarget(target: string, reference: string): boolean {
  if (target === reference) return true;
  // A designated initializer `.flags = …` feeds any later `x.flags` / `x->flags`.
  if (target.startsWith('.')) return reference.endsWith(`->${target.slice(1)}`) || reference.endsWith(target);
  return false;
}
