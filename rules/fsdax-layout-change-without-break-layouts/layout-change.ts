import { definitionName } from '../../src/c/enclosing-function.js';
import { findIfStatements } from '../../src/c/find-if.js';
import { isChanged, lineOf, type CodeFragment, type FragmentLine } from '../../src/c/fragment.js';
import { resolveOrTerms } from '../../src/c/or-terms.js';
import { findCallSites, hunkUnit, scopeAssignments, type CallSite } from '../../src/c/scope.js';
import { tokensText } from '../../src/c/token-text.js';
import type { Token } from '../../src/c/tokenize.js';

/**
 * The fs-dax "break layouts" protocol (docs/knowledge/longterm-vs-shortterm-pins.md, "Filesystem side"): before a DAX-capable filesystem frees or
 * moves blocks (truncate down, punch/zero/collapse/insert range, reflink/dedupe), it takes the
 * inode's invalidate lock exclusively and waits, with a break-layouts helper, until no DAX page of
 * the range is pinned for DMA.
 */

/**
 * Helpers that unmap and wait for idle DAX pages (xfs v4.18, ext4 v4.19, fuse v5.10, common v6.15).
 * xfs_ilock2_io_mmap() locks both reflink inodes and breaks their layouts itself.
 */
export const BREAK_LAYOUTS =
  /^(?:xfs_break_layouts|xfs_break_dax_layouts|xfs_mmaplock_two_inodes_and_break_dax_layout|xfs_ilock2_io_mmap|ext4_break_layouts|__fuse_dax_break_layouts|fuse_dax_break_layouts|dax_break_layouts?\w*|\w+_break_(?:dax_)?layouts?)$/;

/** Calls that drop page-cache/DAX entries or change the block map of a range. */
export const LAYOUT_OPS =
  /^(?:truncate_pagecache(?:_range)?|truncate_setsize|truncate_inode_pages_range|xfs_free_file_space|xfs_collapse_file_space|xfs_insert_file_space|xfs_flush_unmap_range|xfs_setattr_size|xfs_vn_setattr_size|ext4_ext_remove_space|ext4_ind_remove_space|ext4_truncate)$/;

/** dax_layout_busy_page*(): returns the first busy page, which the caller must wait on. */
export const BUSY_PAGE = /^dax_layout_busy_page(?:_range)?$/;

const NOT_CALLS = /^(?:if|for|while|switch|return|sizeof|typeof)$/;

// A call between the lock and the layout change that may break layouts itself.
const MAYBE_BREAKS = /break|layout|prepare|dax/i;

/** Whether a call site takes the invalidate lock exclusively. */
function isInvalidateLock(fragment: CodeFragment, site: CallSite): boolean {
  const { name, args } = site.call;
  if (name === 'filemap_invalidate_lock' || name === 'filemap_invalidate_lock_two') return true;
  // ext4/fuse before v5.15 (i_mmap_sem), ext2 (dax_sem), open-coded invalidate_lock.
  if (name === 'down_write')
    return args[0]?.tokens.some((t) => /^(?:i_mmap_sem|dax_sem|invalidate_lock)$/.test(t.text)) ?? false;
  if (name !== 'xfs_ilock' || args[1] === undefined) return false;
  return resolveOrTerms(args[1].tokens, scopeAssignments(fragment, site.line)).constants.has('XFS_MMAPLOCK_EXCL');
}

/** A lock → layout change sequence with no break-layouts call in the function. */
export interface UnbrokenLayoutChange {
  readonly fn: string | null;
  readonly lock: CallSite;
  readonly op: CallSite;
  /** Calls made between the lock and the change (candidates for a helper that breaks layouts). */
  readonly between: readonly CallSite[];
}

const GROWS = /(?:size|ia_size|offset|end)\s*>\s*\S*i_size|\bi_size\s*<|!\s*shrink|\bextend\w*|\bgrow\w*/;

/**
 * Functions (as far as the fragment shows them) that take the invalidate lock and then change the
 * block map without any break-layouts call. Skipped: the lock and the change in different hunks
 * (the code between them is not visible), changes under an "it grows" condition, and functions
 * that refuse DAX inodes (`if (IS_DAX(inode)) return -EINVAL;`).
 */
export function unbrokenLayoutChanges(fragment: CodeFragment): UnbrokenLayoutChange[] {
  const sites = findCallSites(fragment, (n) => !NOT_CALLS.test(n));
  const ifs = findIfStatements(fragment.code, hunkUnit(fragment));
  const sameFn = (a: FragmentLine, b: FragmentLine): boolean => (a.fn === null ? a.hunk === b.hunk : a.fn === b.fn);
  const out: UnbrokenLayoutChange[] = [];
  for (const op of sites.filter((s) => LAYOUT_OPS.test(s.call.name))) {
    const fnSites = sites.filter((s) => sameFn(s.line, op.line));
    if (fnSites.some((s) => BREAK_LAYOUTS.test(s.call.name))) continue;
    const lock = fnSites
      .filter(
        (s) =>
          s.line.hunk === op.line.hunk &&
          s.call.nameToken.line < op.call.nameToken.line &&
          isInvalidateLock(fragment, s),
      )
      .at(-1);
    if (lock === undefined) continue;
    const guards = ifs.filter((g) => g.body.includes(op.call.nameToken) || g.elseBody.includes(op.call.nameToken));
    if (guards.some((g) => GROWS.test(tokensText(g.condition)))) continue;
    const refusesDax = ifs.some(
      (g) =>
        sameFn(lineOf(fragment, g.ifToken), op.line) &&
        g.condition.some((t) => t.text === 'IS_DAX') &&
        g.body.some((t, k) => t.text === '-' && /^E[A-Z]+$/.test(g.body[k + 1]?.text ?? '')),
    );
    if (refusesDax) continue;
    const between = fnSites.filter(
      (s) =>
        s.line.hunk === op.line.hunk &&
        s.call.nameToken.line > lock.call.nameToken.line &&
        s.call.nameToken.line < op.call.nameToken.line,
    );
    out.push({ fn: op.fn, lock, op, between });
  }
  return out;
}

/** Whether any call between lock and change could be a helper that breaks layouts, judged by `helperBreaks`. */
export function mayBreakBetween(change: UnbrokenLayoutChange, helperBreaks: (name: string) => boolean | null): boolean {
  return change.between.some((s) => {
    const verdict = helperBreaks(s.call.name);
    return verdict === true || (verdict === null && MAYBE_BREAKS.test(s.call.name));
  });
}

/** Name → whether the function, as defined on the new side of these fragments, calls a break-layouts helper. */
export function helperBreakMap(fragments: readonly CodeFragment[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const fragment of fragments) {
    const defined = new Set(
      fragment.lines.flatMap((l) => (definitionName(l.text) !== null && l.fn !== null ? [l.fn] : [])),
    );
    for (const fn of defined) {
      const breaks = fragment.code.some(
        (t, k) => lineOf(fragment, t).fn === fn && BREAK_LAYOUTS.test(t.text) && fragment.code[k + 1]?.text === '(',
      );
      out.set(fn, (out.get(fn) ?? false) || breaks);
    }
  }
  return out;
}

/** Whether the patch adds a break-layouts call to this fragment (the patch is about breaking layouts). */
export function addsBreaks(fragment: CodeFragment): boolean {
  return fragment.code.some(
    (t, k) => BREAK_LAYOUTS.test(t.text) && fragment.code[k + 1]?.text === '(' && isChanged(fragment, t),
  );
}

/** Break-layouts calls removed by the patch (old side), by enclosing function. */
export function removedBreaks(old: CodeFragment): Map<string | null, Token[]> {
  const out = new Map<string | null, Token[]>();
  old.code.forEach((t, k) => {
    if (!BREAK_LAYOUTS.test(t.text) || old.code[k + 1]?.text !== '(' || !isChanged(old, t)) return;
    const fn = lineOf(old, t).fn;
    out.set(fn, [...(out.get(fn) ?? []), t]);
  });
  return out;
}

/**
 * Added dax_layout_busy_page*() calls whose result is thrown away: `dax_layout_busy_page(m);` or
 * `(void)dax_layout_busy_page(m);`.
 */
export function discardedBusyPages(fragment: CodeFragment): CallSite[] {
  const index = new Map(fragment.code.map((t, k) => [t, k]));
  return findCallSites(fragment, (n) => BUSY_PAGE.test(n)).filter((s) => {
    if (!s.changed || !s.call.complete) return false;
    const k = index.get(s.call.nameToken) ?? 0;
    const prev = fragment.code[k - 1];
    const voidCast = prev?.text === ')' && fragment.code[k - 2]?.text === 'void' && fragment.code[k - 3]?.text === '(';
    const statement =
      prev === undefined ||
      [';', '{', '}'].includes(prev.text) ||
      voidCast ||
      (prev.text === ')' && isControlParen(fragment.code, k - 1));
    const last = s.call.tokens.at(-1);
    const after = last === undefined ? undefined : fragment.code[(index.get(last) ?? 0) + 1];
    return statement && after?.text === ';';
  });
}

/** `)` closing `if (…)` / `else`-less control heads: the next token starts a statement. */
function isControlParen(code: readonly Token[], close: number): boolean {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    const t = code[k]?.text;
    if (t === ')') depth++;
    else if (t === '(' && --depth === 0) return /^(?:if|while|for)$/.test(code[k - 1]?.text ?? '');
  }
  return false;
}
