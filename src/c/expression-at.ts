import type { UnitOf } from './find-calls.js';
import type { Token } from './tokenize.js';

/** Where the expression around a token sits. */
export type ExpressionRole =
  /** An argument of `call` (position `index`). */
  | { readonly kind: 'argument'; readonly call: string; readonly index: number }
  /** The right-hand side of `target = …` / `target |= …` (also `.member = …` initialisers). */
  | { readonly kind: 'assignment'; readonly target: string; readonly op: string }
  /** The body of `#define name …`. */
  | { readonly kind: 'define'; readonly name: string }
  /** The token is the name being defined by `#define`. */
  | { readonly kind: 'definition'; readonly name: string }
  /** `if (…)`, `while (…)`, `switch (…)`, `#if …`, `case …:`. */
  | { readonly kind: 'condition' }
  | { readonly kind: 'return' }
  | { readonly kind: 'other' };

/** The largest expression containing a token, not crossing `,` `;` `=` or an enclosing call. */
export interface ExpressionAt {
  readonly tokens: readonly Token[];
  readonly role: ExpressionRole;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
const ASSIGN = new Set(['=', '|=', '&=', '+=', '-=', '^=', '<<=', '>>=']);
const STOP = new Set([',', ';', ...ASSIGN]);
const KEYWORD_STOP = new Set(['return', 'case', 'else', 'do', 'goto']);
const CONDITION_WORDS = new Set(['if', 'while', 'switch', 'for']);
const NOT_CALLS = new Set([...CONDITION_WORDS, 'sizeof', 'typeof', 'return', '__typeof__', 'defined']);

function matching(code: readonly Token[], from: number, step: 1 | -1): number {
  let depth = 0;
  for (let k = from; k >= 0 && k < code.length; k += step) {
    const t = code[k]?.text ?? '';
    if ((step === 1 ? OPEN : CLOSE).has(t)) depth++;
    else if ((step === 1 ? CLOSE : OPEN).has(t) && --depth === 0) return k;
  }
  return step === 1 ? code.length - 1 : 0;
}

/** The `#` … tokens of the preprocessor directive holding `index`. */
function directive(code: readonly Token[], index: number, same: (t: Token) => boolean): { from: number; to: number } {
  let from = index;
  while (from > 0 && code[from]?.text !== '#') {
    const prev = code[from - 1];
    if (prev === undefined || !prev.preproc || !same(prev)) break;
    from--;
  }
  let to = index;
  for (let next = code[to + 1]; next?.preproc === true && next.text !== '#' && same(next); next = code[to + 1]) to++;
  return { from, to };
}

function defineAt(code: readonly Token[], index: number, same: (t: Token) => boolean): ExpressionAt {
  const { from, to } = directive(code, index, same);
  if (code[from]?.text !== '#') return { tokens: [], role: { kind: 'other' } };
  const word = code[from + 1]?.text;
  const name = code[from + 2];
  if (word !== 'define' || name === undefined)
    return { tokens: code.slice(from + 2, to + 1), role: { kind: 'condition' } };
  if (from + 2 === index) return { tokens: [], role: { kind: 'definition', name: name.text } };
  let body = from + 3;
  const paren = code[body];
  // `#define F(x) …`: the parameter list touches the name.
  if (paren?.text === '(' && paren.line === name.line && paren.col === name.col + name.text.length)
    body = matching(code, body, 1) + 1;
  return { tokens: code.slice(body, to + 1), role: { kind: 'define', name: name.text } };
}

/** `a->b.c` ending at `end`, read backwards. */
function targetBefore(code: readonly Token[], end: number): string {
  let k = end;
  let path = code[k]?.text ?? '';
  while (k >= 2 && (code[k - 1]?.text === '->' || code[k - 1]?.text === '.') && code[k - 2]?.kind === 'ident') {
    path = `${code[k - 2]?.text ?? ''}${code[k - 1]?.text ?? ''}${path}`;
    k -= 2;
  }
  return code[k - 1]?.text === '.' ? `.${path}` : path;
}

/** The role of an expression whose first token is at `lo`. */
function roleBefore(code: readonly Token[], lo: number, same: (t: Token) => boolean): ExpressionRole {
  const delim = code[lo - 1];
  if (delim === undefined || !same(delim)) return { kind: 'other' };
  if (ASSIGN.has(delim.text)) return { kind: 'assignment', target: targetBefore(code, lo - 2), op: delim.text };
  if (delim.text === 'return') return { kind: 'return' };
  if (delim.text === 'case') return { kind: 'condition' };
  // Walk to the unmatched opener, counting commas: an argument of a call, or a condition.
  let commas = 0;
  for (let k = lo - 1; k >= 0; k--) {
    const t = code[k];
    if (t === undefined || !same(t)) break;
    if (CLOSE.has(t.text)) {
      k = matching(code, k, -1);
      continue;
    }
    if (t.text === ',') {
      commas++;
      continue;
    }
    if (t.text === ';' || t.text === '{' || t.text === '}') break;
    if (t.text !== '(') continue;
    const callee = code[k - 1];
    if (callee?.kind === 'ident' && CONDITION_WORDS.has(callee.text)) return { kind: 'condition' };
    if (callee?.kind === 'ident' && !NOT_CALLS.has(callee.text))
      return { kind: 'argument', call: callee.text, index: commas };
    break;
  }
  return { kind: 'other' };
}

/**
 * The expression around `code[index]` in a comment-free token run. It grows through grouping
 * parentheses (`flags | (MAP_SHARED | MAP_SYNC)`) but stops at a call's parentheses, at `,` `;`
 * and assignment operators, and never leaves the token's unit (hunk).
 */
export function expressionAt(code: readonly Token[], index: number, unitOf: UnitOf = () => 0): ExpressionAt {
  const token = code[index];
  if (token === undefined) return { tokens: [], role: { kind: 'other' } };
  const unit = unitOf(token);
  const same = (t: Token): boolean => unitOf(t) === unit && t.preproc === token.preproc;
  if (token.preproc) return defineAt(code, index, same);
  let lo = index;
  let hi = index;
  for (;;) {
    for (let k = lo - 1; k >= 0; k--) {
      const t = code[k];
      if (t === undefined || !same(t) || STOP.has(t.text) || OPEN.has(t.text) || KEYWORD_STOP.has(t.text)) break;
      if (CLOSE.has(t.text)) k = matching(code, k, -1);
      lo = k;
    }
    for (let k = hi + 1; k < code.length; k++) {
      const t = code[k];
      if (t === undefined || !same(t) || STOP.has(t.text) || CLOSE.has(t.text)) break;
      if (OPEN.has(t.text)) k = matching(code, k, 1);
      hi = k;
    }
    const left = code[lo - 1];
    const right = code[hi + 1];
    const before = code[lo - 2];
    const grouping =
      left?.text === '(' &&
      right?.text === ')' &&
      same(left) &&
      same(right) &&
      !(
        before !== undefined &&
        same(before) &&
        (before.kind === 'ident' || before.text === ')' || before.text === ']')
      );
    if (!grouping) break;
    lo -= 1;
    hi += 1;
  }
  return { tokens: code.slice(lo, hi + 1), role: roleBefore(code, lo, same) };
}
