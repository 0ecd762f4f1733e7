import { tokensText } from './token-text.js';
import type { Token } from './tokenize.js';
import { at } from './at.js';

export interface CallArgument {
  readonly tokens: readonly Token[];
  readonly text: string;
}

/** A call `name(arg, …)` found in a token run. */
export interface Call {
  readonly name: string;
  readonly nameToken: Token;
  readonly args: readonly CallArgument[];
  /** The closing parenthesis was seen; false when the call runs past the end of its hunk. */
  readonly complete: boolean;
  /** From the name to the closing parenthesis (or the last token seen). */
  readonly tokens: readonly Token[];
}

/** Says which hunk (or other unit) a token belongs to; a call never crosses units. */
export type UnitOf = (token: Token) => number;

// Words that may precede a call without making it a declaration.
const EXPRESSION_KEYWORDS = new Set(['return', 'case', 'else', 'do', 'sizeof', 'typeof', 'goto']);
const STATEMENT_BOUNDARY = new Set([';', '{', '}']);

/**
 * Tokens one call may span. Real calls are a few dozen tokens; without a bound, each of N
 * unclosed `pin_user_pages(` calls in a hunk read (and copied) the rest of the hunk: N² work
 * and memory on hostile mail. A call cut here is reported as not complete.
 */
export const MAX_CALL_TOKENS = 256;

/**
 * Calls to functions accepted by `isName`, in token order. Arguments may span lines. Skipped:
 * declarations and definitions (`long get_user_pages(unsigned long start, …`, `#define f(x)`),
 * and calls through a member (`ops->get_user_pages(…)`), which are a different function.
 * `code` must be comment-free (codeTokens).
 */
export function findCalls(code: readonly Token[], isName: (name: string) => boolean, unitOf: UnitOf = () => 0): Call[] {
  const calls: Call[] = [];
  for (let i = 0; i < code.length; i++) {
    const t = code[i];
    const open = code[i + 1];
    if (t?.kind !== 'ident' || open?.text !== '(' || !isName(t.text)) continue;
    if (unitOf(open) !== unitOf(t) || isDeclarationOrMember(code, i, unitOf)) continue;
    calls.push(readCall(code, i, unitOf));
  }
  return calls;
}

function readCall(code: readonly Token[], pos: number, unitOf: UnitOf): Call {
  const nameToken = at(code, pos);
  const unit = unitOf(nameToken);
  const args: Token[][] = [[]];
  let depth = 0;
  let j = pos + 1;
  let complete = false;
  const end = Math.min(code.length, pos + MAX_CALL_TOKENS);
  for (; j < end; j++) {
    const t = at(code, j);
    if (unitOf(t) !== unit) break;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    if (depth === 0) {
      complete = true;
      break;
    }
    if (depth === 1 && (t.text === '(' || t.text === ',')) {
      if (t.text === ',') args.push([]);
      continue;
    }
    args[args.length - 1]?.push(t);
  }
  const last = complete ? j : j - 1;
  // `f()` has no arguments rather than one empty one.
  const list = args.length === 1 && args[0]?.length === 0 ? [] : args;
  return {
    name: nameToken.text,
    nameToken,
    args: list.map((tokens) => ({ tokens, text: tokensText(tokens) })),
    complete,
    tokens: code.slice(pos, last + 1),
  };
}

/** `type name(` / `type *name(` / `x->name(` rather than a call. */
function isDeclarationOrMember(code: readonly Token[], pos: number, unitOf: UnitOf): boolean {
  const unit = unitOf(at(code, pos));
  const prev = code[pos - 1];
  if (prev === undefined || unitOf(prev) !== unit) return false;
  if (prev.text === '->' || prev.text === '.') return true;
  if (prev.kind === 'ident') return !EXPRESSION_KEYWORDS.has(prev.text);
  if (prev.text !== '*') return false;
  // `struct page *name(` is a declaration; `a * name(` and `return *name(` are not.
  for (let k = pos - 2; k >= 0; k--) {
    const t = at(code, k);
    if (unitOf(t) !== unit || STATEMENT_BOUNDARY.has(t.text) || t.preproc !== at(code, pos).preproc) return k < pos - 2;
    if (t.kind === 'ident' && EXPRESSION_KEYWORDS.has(t.text)) return false;
    if (t.kind !== 'ident' && t.text !== '*') return false;
  }
  return pos >= 2;
}
