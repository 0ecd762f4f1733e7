import type { Token } from './tokenize.js';
import { at } from './at.js';

/**
 * How one occurrence of a flag constant is used:
 *   set   – it becomes part of a flag value: `flags |= FOLL_LONGTERM`, `.flags = FOLL_WRITE | FOLL_PIN`,
 *           `get_user_pages(s, n, FOLL_LONGTERM, p)`, `return FOLL_GET;`
 *   test  – it is only tested: `if (flags & FOLL_LONGTERM)`, `WARN_ON(f & (FOLL_PIN | FOLL_GET))`, `x == FOLL_PIN`
 *   clear – it is masked off: `flags &= ~FOLL_LONGTERM`, `~(FOLL_PIN | FOLL_GET)`
 *   macro – it sits in a preprocessor directive (`#define FOLL_PIN …`, `#if …`)
 */
export type FlagUse = 'set' | 'test' | 'clear' | 'macro';

const TESTS = new Set(['&', '&&', '||', '==', '!=', '!', '^', '&=', '<', '>', '<=', '>=', 'case']);
// `c ? FOLL_X : 0`: a value when met on the left, the tested condition when met on the right.
const SETS = new Set(['=', '|=', ',', 'return', ':', '{', ';', '?']);
const CONDITION_KEYWORDS = new Set(['if', 'while', 'switch']);
const NOT_CALLS = new Set(['return', 'sizeof', 'typeof', 'case', 'else', 'do']);

/** Classifies `code[index]` (comment-free tokens, e.g. CodeFragment.code). */
export function flagUse(code: readonly Token[], index: number): FlagUse {
  const token = at(code, index);
  if (token.preproc) return 'macro';
  if (code[index - 1]?.text === '~') return 'clear';
  if (testedOnTheRight(code, index)) return 'test';
  let j = index - 1;
  while (j >= 0) {
    const t = at(code, j);
    if (t.text === ')') {
      j = openingOf(code, j) - 1;
      continue;
    }
    if (t.kind === 'ident' && !NOT_CALLS.has(t.text) && t.text !== 'case') {
      j--;
      continue;
    }
    if (t.kind === 'number' || t.text === '|' || t.text === '->' || t.text === '.') {
      j--;
      continue;
    }
    if (t.text === '~') return 'clear';
    if (t.text === '(') {
      const before = code[j - 1];
      if (before?.kind === 'ident' && CONDITION_KEYWORDS.has(before.text)) return 'test';
      if (before?.text === '~') return 'clear';
      // An argument of a call: the callee receives the flag.
      if (before?.kind === 'ident' && !NOT_CALLS.has(before.text)) return 'set';
      j--;
      continue;
    }
    if (TESTS.has(t.text)) return 'test';
    if (SETS.has(t.text)) return 'set';
    return 'set';
  }
  return 'set';
}

/** `FOLL_X & flags`, `FOLL_X == f`, `(FOLL_X | FOLL_Y) & f` read from the left. */
function testedOnTheRight(code: readonly Token[], index: number): boolean {
  let depth = 0;
  for (let j = index + 1; j < code.length; j++) {
    const t = at(code, j);
    if (t.text === '(') {
      depth++;
      continue;
    }
    if (t.text === ')') {
      if (depth === 0) return false;
      depth--;
      continue;
    }
    if (depth > 0 || t.kind === 'ident' || t.kind === 'number' || t.text === '|' || t.text === '->' || t.text === '.')
      continue;
    return (TESTS.has(t.text) || t.text === '?') && t.text !== '!';
  }
  return false;
}

/** Index of the '(' matching the ')' at `close`, or -1 when the fragment starts inside the group. */
function openingOf(code: readonly Token[], close: number): number {
  let depth = 0;
  for (let j = close; j >= 0; j--) {
    const t = at(code, j);
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}
