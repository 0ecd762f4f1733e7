import type { UnitOf } from './find-calls.js';
import type { Token } from './tokenize.js';
import { at } from './at.js';

/** `if (condition) body [else elseBody]`, as far as the hunk shows it. */
export interface IfStatement {
  readonly ifToken: Token;
  readonly condition: readonly Token[];
  /** A braced block (braces excluded) or a single statement up to its `;`. */
  readonly body: readonly Token[];
  /** The else branch, empty when there is none (`else if` chains are one nested statement). */
  readonly elseBody: readonly Token[];
}

/** Every `if` in a comment-free token run; statements cut off by the hunk end are kept partial. */
export function findIfStatements(code: readonly Token[], unitOf: UnitOf = () => 0): IfStatement[] {
  const out: IfStatement[] = [];
  for (let i = 0; i < code.length; i++) {
    const t = at(code, i);
    if (t.kind !== 'ident' || t.text !== 'if' || code[i + 1]?.text !== '(') continue;
    const unit = unitOf(t);
    const cond = group(code, i + 1, unit, unitOf);
    const body = statement(code, cond.next, unit, unitOf);
    const elseTok = code[body.next];
    const elseBody =
      elseTok?.text === 'else' && unitOf(elseTok) === unit ? statement(code, body.next + 1, unit, unitOf).tokens : [];
    out.push({ ifToken: t, condition: cond.tokens, body: body.tokens, elseBody });
  }
  return out;
}

interface Span {
  readonly tokens: Token[];
  readonly next: number;
}

/** The tokens inside the bracket group opening pos `at`. */
function group(code: readonly Token[], pos: number, unit: number, unitOf: UnitOf): Span {
  const tokens: Token[] = [];
  let depth = 0;
  for (let j = pos; j < code.length; j++) {
    const t = at(code, j);
    if (unitOf(t) !== unit) return { tokens, next: j };
    if (t.text === '(' || t.text === '{' || t.text === '[') depth++;
    if (t.text === ')' || t.text === '}' || t.text === ']') depth--;
    if (depth === 0) return { tokens, next: j + 1 };
    if (j > pos) tokens.push(t);
  }
  return { tokens, next: code.length };
}

/** A braced block or one statement (nested `if`s included) starting pos `at`. */
function statement(code: readonly Token[], pos: number, unit: number, unitOf: UnitOf): Span {
  const first = code[pos];
  if (first === undefined || unitOf(first) !== unit) return { tokens: [], next: pos };
  if (first.text === '{') return group(code, pos, unit, unitOf);
  const tokens: Token[] = [];
  let depth = 0;
  for (let j = pos; j < code.length; j++) {
    const t = at(code, j);
    if (unitOf(t) !== unit) return { tokens, next: j };
    if (t.text === '(' || t.text === '{' || t.text === '[') depth++;
    if (t.text === ')' || t.text === '}' || t.text === ']') depth--;
    tokens.push(t);
    if (depth <= 0 && (t.text === ';' || t.text === '}')) {
      // `if (a) x; else y;` as the single statement: keep the else with it.
      const next = code[j + 1];
      if (first.text === 'if' && next?.text === 'else') continue;
      return { tokens, next: j + 1 };
    }
  }
  return { tokens, next: code.length };
}
