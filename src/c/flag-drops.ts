import { isCodeFile } from './code-file.js';
import { callFlags } from './call-flags.js';
import { findAssignments, sameTarget, type Assignment } from './find-assignments.js';
import type { DiffFile } from '../model/diff.js';
import { buildFragment, isChanged, lineOf, type CodeFragment, type FragmentLine } from './fragment.js';
import { GUP_FLAG_ARGUMENT } from './gup-api.js';
import { resolveFlags } from './resolve-flags.js';
import { findCallSites, hunkUnit, scopeAssignments, type CallSite } from './scope.js';
import type { Token } from './tokenize.js';

/** A flag removed from a call or flag variable and not supplied by what replaces it. */
export interface FlagDrop {
  /** The removed flag token (old side). */
  readonly removed: Token;
  /** Enclosing function on the old side, null when unknown. */
  readonly fn: string | null;
  /** The function (or flag variable) that lost the flag: `sev_pin_memory`, `gup_flags`. */
  readonly what: string;
  /** The added line that replaces it (new side). */
  readonly line: FragmentLine;
}

const NOT_CALLEES = new Set(['if', 'for', 'while', 'switch', 'return', 'sizeof', 'typeof', 'defined']);
/** Functions, not keywords or assertion macros (`WARN_ON_ONCE(flags & FOLL_LONGTERM)` tests a flag). */
const anyCallee = (name: string): boolean => !NOT_CALLEES.has(name) && !/^[A-Z0-9_]+$/.test(name);

const TESTS = new Set(['&', '&&', '||', '==', '!=', '!', '<', '>', '<=', '>=']);
/** A value that sets flags (`FOLL_WRITE | FOLL_LONGTERM`, `w ? FOLL_WRITE : 0`), not one that tests them. */
function setsFlags(tokens: readonly Token[]): boolean {
  return !tokens.some((t) => TESTS.has(t.text));
}

/**
 * How often a patch removes and adds `flag` in code (comments and preprocessor lines excluded),
 * over all its code files: a patch that adds the flag back at least as often as it removes it moved it
 * (into a caller, an initialiser, a helper), so callers of droppedFlags may skip it.
 */
export function patchFlagBalance(diff: readonly DiffFile[], flag: string): { removed: number; added: number } {
  let removed = 0;
  let added = 0;
  for (const f of diff) {
    if (isCodeFile(f, 'old')) removed += changedFlagTokens(buildFragment(f, 'old'), flag).length;
    if (isCodeFile(f, 'new')) added += changedFlagTokens(buildFragment(f, 'new'), flag).length;
  }
  return { removed, added };
}

/** Occurrences of `flag` on the changed lines of a fragment's code. */
function changedFlagTokens(fragment: CodeFragment, flag: string): Token[] {
  return fragment.code.filter((t) => t.text === flag && !t.preproc && isChanged(fragment, t));
}

/** Same function, or the same hunk when the function is unknown. */
function sameScope(a: FragmentLine, b: FragmentLine): boolean {
  return a.fn === null || b.fn === null ? a.hunk === b.hunk : a.fn === b.fn;
}

/** The innermost call whose arguments contain `token`. */
function innermostCall(sites: readonly CallSite[], token: Token): CallSite | undefined {
  return sites
    .filter((s) => s.call.args.some((a) => a.tokens.includes(token) && setsFlags(a.tokens)))
    .sort((a, b) => a.call.tokens.length - b.call.tokens.length)[0];
}

/** The new-side calls that replace `old`: same callee, else another GUP call for a GUP call. */
function replacements(old: CallSite, oldLine: FragmentLine, sites: readonly CallSite[]): CallSite[] {
  const near = sites.filter((s) => s.changed && sameScope(oldLine, s.line));
  const same = near.filter((s) => s.call.name === old.call.name);
  if (same.length > 0 || !GUP_FLAG_ARGUMENT.has(old.call.name)) return same;
  return near.filter((s) => GUP_FLAG_ARGUMENT.has(s.call.name));
}

/**
 * Where the patch removes `flag` (e.g. FOLL_LONGTERM) from a call's arguments or from a flag
 * variable's assignment and the replacing added call/assignment can no longer carry it, variables
 * followed through the assignments of the same function. Silent, on purpose, when:
 * the file adds the flag back at least as often as it removes it (moved into an initialiser or a
 * helper); the call disappears without a replacement (the pin itself went away); the replacement
 * reads a flag variable we cannot resolve that the old call did not read.
 */
export function droppedFlags(oldFragment: CodeFragment, newFragment: CodeFragment, flag: string): FlagDrop[] {
  const removed = changedFlagTokens(oldFragment, flag);
  if (removed.length === 0 || changedFlagTokens(newFragment, flag).length >= removed.length) return [];
  const oldSites = findCallSites(oldFragment, anyCallee);
  const newSites = findCallSites(newFragment, anyCallee);
  const oldAssignments = findAssignments(oldFragment.code, hunkUnit(oldFragment));
  const drops: FlagDrop[] = [];
  for (const token of removed) {
    const oldLine = lineOf(oldFragment, token);
    const call = innermostCall(oldSites, token);
    const drop =
      call !== undefined
        ? dropFromCall(call, oldLine, newFragment, newSites, flag)
        : dropFromAssignment(
            oldAssignments.find((a) => a.value.includes(token)),
            oldLine,
            newFragment,
            flag,
          );
    if (drop !== null && !drops.some((d) => d.line === drop.line))
      drops.push({ removed: token, fn: oldLine.fn, ...drop });
  }
  return drops;
}

type Replacement = Pick<FlagDrop, 'what' | 'line'>;

function dropFromCall(
  old: CallSite,
  oldLine: FragmentLine,
  fragment: CodeFragment,
  sites: readonly CallSite[],
  flag: string,
): Replacement | null {
  const candidates = replacements(old, oldLine, sites);
  if (candidates.length === 0) return null;
  const oldText = old.call.args.map((a) => a.text).join(' ');
  for (const site of candidates) {
    const flags = callFlags(fragment, site);
    if (flags.constants.has(flag) && !flags.cleared.has(flag)) return null;
    if (flags.unresolvedFlags.some((v) => !new RegExp(`\\b${v.replace(/[.>-]/g, '\\$&')}\\b`).test(oldText)))
      return null;
  }
  const site = candidates[0];
  if (site === undefined) return null;
  const line = site.call.tokens.map((t) => lineOf(fragment, t)).find((l) => l.kind === 'add') ?? site.line;
  return { what: `${site.call.name}()`, line };
}

function dropFromAssignment(
  old: Assignment | undefined,
  oldLine: FragmentLine,
  fragment: CodeFragment,
  flag: string,
): Replacement | null {
  if (old === undefined || !setsFlags(old.value) || !/flag/i.test(old.target)) return null;
  const scope = scopeAssignments(fragment, oldLine).filter(
    (a) => sameTarget(a.target, old.target) || sameTarget(old.target, a.target),
  );
  const readers = scope.filter((a) =>
    resolveFlags(a.value, scopeAssignments(fragment, lineOf(fragment, a.targetToken))).constants.has(flag),
  );
  if (readers.length > 0) return null;
  const added = scope.find((a) => isChanged(fragment, a.targetToken) || a.value.some((t) => isChanged(fragment, t)));
  if (added === undefined) return null;
  const line =
    [added.targetToken, ...added.value].map((t) => lineOf(fragment, t)).find((l) => l.kind === 'add') ??
    lineOf(fragment, added.targetToken);
  return { what: old.target, line };
}
