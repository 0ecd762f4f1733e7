/**
 * Which lines of a pull request a review comment may sit on. GitHub rejects a whole review
 * when one of its comments points outside the diff ("pull_request_review_thread.line must be
 * part of the diff"), so every comment is checked against this first (reviewdog's
 * `diff_context` filter mode).
 *
 * RIGHT side: added and context lines, by their number in the head commit.
 * LEFT side: removed and context lines, by their number in the base commit.
 * The path is the file's name in the head commit (the old name for a deleted file), as the
 * review comments API wants it.
 */
import type { DiffFile } from '../model/diff.js';
import type { Finding, Side } from '../model/finding.js';

export type DiffSide = 'LEFT' | 'RIGHT';

/** Where a review comment goes. */
export interface DiffPosition {
  readonly path: string;
  readonly side: DiffSide;
  readonly line: number;
}

export interface CommentableLines {
  has(position: DiffPosition): boolean;
}

const key = (p: DiffPosition): string => `${p.side}\u0000${String(p.line)}\u0000${p.path}`;

/** The commentable lines of a diff. */
export function commentableLines(diff: readonly DiffFile[]): CommentableLines {
  const keys = new Set<string>();
  for (const file of diff) {
    for (const hunk of file.hunks) {
      for (const l of hunk.lines) {
        if (l.newLine !== null && l.kind !== 'del') keys.add(key({ path: file.path, side: 'RIGHT', line: l.newLine }));
        if (l.oldLine !== null && l.kind !== 'add') keys.add(key({ path: file.path, side: 'LEFT', line: l.oldLine }));
      }
    }
  }
  return { has: (p) => keys.has(key(p)) };
}

/** Our side of a diff line in GitHub's words. */
export function diffSide(side: Side): DiffSide {
  return side === 'new' ? 'RIGHT' : 'LEFT';
}

/** Where the finding would be commented, when it names a file, a line and a side at all. */
export function findingPosition(f: Pick<Finding, 'file' | 'line' | 'side'>): DiffPosition | null {
  if (f.file === null || f.line === null || f.side === null) return null;
  return { path: f.file, side: diffSide(f.side), line: f.line };
}

/** The finding's position when a comment may go there, else null (it stays in the check run). */
export function commentPosition(
  f: Pick<Finding, 'file' | 'line' | 'side'>,
  lines: CommentableLines,
): DiffPosition | null {
  const p = findingPosition(f);
  return p !== null && lines.has(p) ? p : null;
}
