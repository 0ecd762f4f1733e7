import { findAssignments, type Assignment } from './find-assignments.js';
import { findCalls, type Call, type UnitOf } from './find-calls.js';
import { isChanged, lineOf, type CodeFragment, type FragmentLine } from './fragment.js';
import type { Token } from './tokenize.js';

/** A call located in a fragment. */
export interface CallSite {
  readonly call: Call;
  /** The line of the function name. */
  readonly line: FragmentLine;
  /** Enclosing function, null when unknown. */
  readonly fn: string | null;
  /**
   * The call is part of the change: its name or any argument token sits on a changed line
   * (added on the new side, removed on the old side).
   */
  readonly changed: boolean;
}

/** Hunk index of a token: calls and statements never span hunks. */
export function hunkUnit(fragment: CodeFragment): UnitOf {
  return (t: Token) => lineOf(fragment, t).hunk;
}

/** Calls to the functions `isName` accepts, with their function and whether they changed. */
export function findCallSites(fragment: CodeFragment, isName: (name: string) => boolean): CallSite[] {
  return findCalls(fragment.code, isName, hunkUnit(fragment)).map((call) => {
    const line = lineOf(fragment, call.nameToken);
    return { call, line, fn: line.fn, changed: call.tokens.some((t) => isChanged(fragment, t)) };
  });
}

/**
 * Whether `line` is in the visible body of the function around `at`: the same named function in
 * any hunk of the file, or, when the function is unknown, the same hunk.
 */
export function inScopeOf(at: FragmentLine, line: FragmentLine): boolean {
  return at.fn === null ? line.hunk === at.hunk && line.fn === null : line.fn === at.fn;
}

/** The code tokens of the function around `at` (see inScopeOf). */
export function scopeTokens(fragment: CodeFragment, at: FragmentLine): Token[] {
  return fragment.code.filter((t) => inScopeOf(at, lineOf(fragment, t)));
}

/** Assignments made in the function around `at` (see inScopeOf), in order. */
export function scopeAssignments(fragment: CodeFragment, at: FragmentLine): Assignment[] {
  return findAssignments(fragment.code, hunkUnit(fragment)).filter((a) =>
    inScopeOf(at, lineOf(fragment, a.targetToken)),
  );
}
