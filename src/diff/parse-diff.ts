/**
 * Unified diff text → our DiffFile model (src/model/diff.ts). parse-diff's types stop here.
 *
 * parse-diff numbers and classifies hunk lines well, but on mail it misreads structure: it has
 * no notion of renames, copies or binary files, counts `\ No newline at end of file` as a
 * change, and a short or hand-edited hunk makes it swallow what follows (the `-- ` signature,
 * the `2.34.1` version line). So src/diff/scan-diff.ts finds file sections and cuts each hunk
 * by its declared line counts first, and parse-diff only ever sees one well-formed hunk.
 *
 * Forms handled: `git format-patch` output (new/deleted files, renames and copies with
 * `similarity index`, mode-only changes, `Binary files … differ`, `GIT binary patch`), plain
 * `diff -u` without `diff --git` (edge 0033, CRLF), svn `Index:` sections.
 */
import parseDiffLib from 'parse-diff';
import type { DiffFile, DiffFileStatus, DiffHunk, DiffLine } from '../model/diff.js';
import { cleanHeaderPath, parseGitHeaderPaths, stripTreePrefixes } from './diff-paths.js';
import { scanDiff, type DiffScan, type ScannedFile, type ScannedHunk } from './scan-diff.js';
import { capDiffScan } from './cap-diff.js';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';

/** Splits text into lines without their CR (mail may arrive with CRLF line endings). */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function toLine(change: parseDiffLib.Change): DiffLine {
  const text = change.content.slice(1);
  switch (change.type) {
    case 'add':
      return { kind: 'add', text, oldLine: null, newLine: change.ln };
    case 'del':
      return { kind: 'del', text, oldLine: change.ln, newLine: null };
    case 'normal':
      return { kind: 'context', text, oldLine: change.ln1, newLine: change.ln2 };
  }
}

/** Runs parse-diff on exactly one hunk, so it can never read past the hunk's end. */
function toHunk(h: ScannedHunk, warnings: string[]): DiffHunk | null {
  const chunk = parseDiffLib([h.header, ...h.body].join('\n'))[0]?.chunks[0];
  if (chunk === undefined) {
    warnings.push(`parse-diff rejected hunk '${h.header}'`);
    return null;
  }
  return {
    header: h.header,
    oldStart: h.oldStart,
    oldLines: h.oldLines,
    newStart: h.newStart,
    newLines: h.newLines,
    functionName: h.functionName,
    lines: chunk.changes.map(toLine),
  };
}

/** Old and new path of a section, /dev/null → null, tree prefixes stripped. */
function pathsOf(f: ScannedFile): [string | null, string | null] {
  const git = f.gitHeader !== null;
  let [oldPath, newPath] = stripTreePrefixes(
    f.minusPath === undefined ? null : cleanHeaderPath(f.minusPath),
    f.plusPath === undefined ? null : cleanHeaderPath(f.plusPath),
    git,
  );
  if (git && f.minusPath === undefined) {
    // Mode-only, rename-only and binary sections have no ---/+++ lines.
    const header = f.gitHeader === null ? null : parseGitHeaderPaths(f.gitHeader);
    [oldPath, newPath] = header === null ? [null, null] : stripTreePrefixes(header[0], header[1], true);
  }
  oldPath = f.renameFrom ?? f.copyFrom ?? oldPath;
  newPath = f.renameTo ?? f.copyTo ?? newPath;
  if (f.newFileMode !== undefined) oldPath = null;
  if (f.deletedFileMode !== undefined) newPath = null;
  return [oldPath, newPath];
}

function statusOf(f: ScannedFile, oldPath: string | null, newPath: string | null): DiffFileStatus {
  if (f.renameFrom !== undefined || f.renameTo !== undefined) return 'renamed';
  if (f.copyFrom !== undefined || f.copyTo !== undefined) return 'copied';
  if (oldPath === null && newPath !== null) return 'added';
  if (newPath === null && oldPath !== null) return 'deleted';
  const modeOnly = f.hunks.length === 0 && !f.binary && f.oldMode !== undefined && f.newMode !== undefined;
  return modeOnly ? 'mode-change' : 'modified';
}

function toFile(f: ScannedFile, warnings: string[]): DiffFile {
  const [oldPath, newPath] = pathsOf(f);
  const hunks = f.hunks.map((h) => toHunk(h, warnings)).filter((h) => h !== null);
  let additions = 0;
  let deletions = 0;
  for (const h of hunks) {
    for (const l of h.lines) {
      if (l.kind === 'add') additions++;
      else if (l.kind === 'del') deletions++;
    }
  }
  return {
    oldPath,
    newPath,
    path: newPath ?? oldPath ?? '',
    status: statusOf(f, oldPath, newPath),
    binary: f.binary,
    oldMode: f.oldMode ?? f.deletedFileMode ?? f.indexMode ?? null,
    newMode: f.newMode ?? f.newFileMode ?? f.indexMode ?? null,
    similarity: f.similarity ?? null,
    hunks,
    additions,
    deletions,
  };
}

/**
 * Parses the unified diff(s) in `text` (CRLF or LF). Text before the first file header is
 * ignored; parsing stops at the mail signature (`-- `) and never reads a hunk past its line
 * counts. Non-fatal oddities (truncated hunks) are appended to `warnings` when given. Past
 * `limits.diffFiles` / `limits.diffLines` only the first files and lines are kept (noted).
 */
export function parseDiff(text: string, warnings?: string[], limits: Limits = DEFAULT_LIMITS): DiffFile[] {
  return toDiffFiles(scanDiff(splitLines(text)), warnings, limits);
}

/** DiffFiles from a scan already made (src/mail/split-body.ts scans to find the diff's end). */
export function toDiffFiles(scan: DiffScan, warnings?: string[], limits: Limits = DEFAULT_LIMITS): DiffFile[] {
  const sink = warnings ?? [];
  sink.push(...scan.warnings);
  return capDiffScan(scan, limits, sink).files.map((f) => toFile(f, sink));
}
