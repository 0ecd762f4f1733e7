import type { Assignment } from './find-assignments.js';
import { flagTerms } from './flag-terms.js';
import { followFlags, type TermReader } from './resolve-flags.js';
import type { Token } from './tokenize.js';

/**
 * The terms of a flag construction such as mmap's `flags` argument:
 *   `MAP_SHARED | MAP_SYNC`                         → constants MAP_SHARED, MAP_SYNC
 *   `flags | (shared ? MAP_SHARED : MAP_PRIVATE)`   → variable flags; constants of both arms
 *   `libc::MAP_SHARED | libc::MAP_SYNC`, `unix.MAP_SYNC` → qualifiers dropped
 *   `(int)MAP_SYNC`, `(MAP_SYNC | X) as i32`         → casts dropped
 * A ternary's condition is not a term (`populate ? MAP_POPULATE : 0` adds MAP_POPULATE only).
 * A term that is itself a test or mask (`flags & MAP_SYNC`, `a == b`, `!x`) marks the whole
 * expression as `test`: it reads flags rather than building them.
 */
export interface OrTerms {
  readonly constants: ReadonlySet<string>;
  /** Plain variables and members read as terms: `flags`, `s->map_flags`. */
  readonly variables: readonly string[];
  /** Terms we cannot see into: calls and macros with arguments (`BIT(3)`, `get_flags()`). */
  readonly opaque: readonly string[];
  readonly test: boolean;
}

const CONSTANT = /^[A-Z][A-Z0-9_]*$/;
const TEST_OPERATORS = new Set(['&', '&&', '||', '==', '!=', '<', '>', '<=', '>=', '!', '~', '&=']);
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** Index of the constant ending a qualified name at `i` (`libc::MAP_SYNC`, `unix.MAP_SYNC`), or -1. */
function qualifiedConstant(tokens: readonly Token[], i: number): number {
  let j = i;
  for (;;) {
    const sep = tokens[j + 1]?.text;
    const colons = sep === ':' && tokens[j + 2]?.text === ':';
    const at = colons ? j + 3 : sep === '.' ? j + 2 : -1;
    const next = tokens[at];
    if (at < 0 || next?.kind !== 'ident') return -1;
    j = at;
    if (CONSTANT.test(next.text)) return tokens[j + 1]?.text === '(' ? -1 : j;
  }
}

/** Drops `libc::`, `unix.`, `MapFlags::` in front of an all-caps constant. */
export function unqualify(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    const end = t.kind === 'ident' && !CONSTANT.test(t.text) ? qualifiedConstant(tokens, i) : -1;
    if (end >= 0) {
      out.push(tokens[end] ?? t);
      i = end;
    } else {
      out.push(t);
    }
  }
  return out;
}

/** Index of the bracket closing the one at `open`, or -1. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]?.text ?? '';
    if (OPEN.has(t)) depth++;
    else if (CLOSE.has(t) && --depth === 0) return k;
  }
  return -1;
}

/** Positions of `texts` at bracket depth 0. */
function topLevel(tokens: readonly Token[], texts: ReadonlySet<string>): number[] {
  const out: number[] = [];
  let depth = 0;
  tokens.forEach((t, k) => {
    if (OPEN.has(t.text)) depth++;
    else if (CLOSE.has(t.text)) depth--;
    else if (depth === 0 && texts.has(t.text)) out.push(k);
  });
  return out;
}

const isTypeWord = (t: Token): boolean => t.kind === 'ident' || t.text === '*';

function strip(tokens: readonly Token[]): readonly Token[] {
  let s = tokens;
  for (;;) {
    const as = topLevel(s, new Set(['as']))[0];
    if (as !== undefined && s[as]?.kind === 'ident') {
      s = s.slice(0, as);
      continue;
    }
    if (s[0]?.text !== '(') return s;
    const end = closing(s, 0);
    if (end === s.length - 1) {
      s = s.slice(1, -1);
      continue;
    }
    // A cast: `(unsigned long)EXPR`.
    const inner = s.slice(1, end);
    const after = s[end + 1];
    const operand = after !== undefined && (after.kind === 'ident' || after.kind === 'number' || after.text === '(');
    if (operand && inner.length > 0 && inner.every(isTypeWord) && !inner.some((t) => CONSTANT.test(t.text))) {
      s = s.slice(end + 1);
      continue;
    }
    return s;
  }
}

/** The `:` matching the `?` at `question` (nested ternaries and `::` skipped), or -1. */
function ternaryColon(s: readonly Token[], question: number): number {
  let depth = 0;
  let nested = 0;
  for (let k = question + 1; k < s.length; k++) {
    const t = s[k]?.text ?? '';
    if (OPEN.has(t)) depth++;
    else if (CLOSE.has(t)) depth--;
    else if (depth !== 0) continue;
    else if (t === '?') nested++;
    else if (t === ':' && s[k + 1]?.text !== ':' && s[k - 1]?.text !== ':') {
      if (nested === 0) return k;
      nested--;
    }
  }
  return -1;
}

interface Acc {
  constants: Set<string>;
  variables: string[];
  opaque: string[];
  test: boolean;
}

function collect(tokens: readonly Token[], acc: Acc): void {
  const s = strip(tokens);
  if (s.length === 0) return;
  const question = topLevel(s, new Set(['?']))[0];
  if (question !== undefined) {
    const colon = ternaryColon(s, question);
    if (colon > 0) {
      collect(s.slice(question + 1, colon), acc);
      collect(s.slice(colon + 1), acc);
    }
    return;
  }
  const bars = topLevel(s, new Set(['|', '+']));
  if (bars.length > 0) {
    let from = 0;
    for (const b of [...bars, s.length]) {
      collect(s.slice(from, b), acc);
      from = b + 1;
    }
    return;
  }
  if (topLevel(s, TEST_OPERATORS).length > 0) {
    acc.test = true;
    return;
  }
  const first = s[0];
  if (first === undefined) return;
  if (s.length === 1) {
    if (first.kind === 'ident' && CONSTANT.test(first.text)) acc.constants.add(first.text);
    else if (first.kind === 'ident') acc.variables.push(first.text);
    return;
  }
  if (first.kind === 'ident' && s[1]?.text === '(') {
    acc.opaque.push(first.text);
    return;
  }
  if (s.every((t, k) => (k % 2 === 0 ? t.kind === 'ident' : t.text === '.' || t.text === '->'))) {
    acc.variables.push(s.map((t) => t.text).join(''));
    return;
  }
  acc.opaque.push(s.map((t) => t.text).join(''));
}

/** Splits a flag construction into its terms (see OrTerms). */
export function orTerms(expr: readonly Token[]): OrTerms {
  const acc: Acc = { constants: new Set(), variables: [], opaque: [], test: false };
  collect(unqualify(expr), acc);
  return { constants: acc.constants, variables: [...new Set(acc.variables)], opaque: acc.opaque, test: acc.test };
}

/** What a flag construction may carry once its variables are followed (may-semantics). */
export interface ResolvedOrTerms {
  readonly constants: ReadonlySet<string>;
  /** Constants masked off by `x &= ~C` on a followed variable. */
  readonly cleared: ReadonlySet<string>;
  /** Variables with no visible assignment. */
  readonly unresolved: readonly string[];
  readonly opaque: readonly string[];
  readonly test: boolean;
  /** Assignments followed, in the order met. */
  readonly via: readonly Assignment[];
}

/** orTerms' reading: ternary arms, qualifiers and casts seen through, tests marked; `x &= ~C` masks C off. */
const OR_TERMS: TermReader = {
  read: (tokens) => ({ ...orTerms(tokens), cleared: [] }),
  masked: (value) => flagTerms(unqualify(value)).cleared,
};

/**
 * Follows the variables of `expr` through `assignments` (normally the enclosing function's), like
 * resolveFlags but with orTerms' reading of ternaries, qualifiers and tests.
 */
export function resolveOrTerms(expr: readonly Token[], assignments: readonly Assignment[]): ResolvedOrTerms {
  return followFlags(expr, assignments, OR_TERMS);
}
