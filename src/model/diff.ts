/**
 * Our own diff model. parse-diff's types stop at src/diff/parse-diff.ts; everything else
 * (rules, renderers, series logic) sees only these.
 */

export type DiffLineKind = 'add' | 'del' | 'context';

export interface DiffLine {
  readonly kind: DiffLineKind;
  /** The line without its leading '+', '-' or ' ' marker. */
  readonly text: string;
  /** Line number in the old file (null for added lines). */
  readonly oldLine: number | null;
  /** Line number in the new file (null for removed lines). */
  readonly newLine: number | null;
}

export interface DiffHunk {
  /** The whole '@@ -a,b +c,d @@ fn' line. */
  readonly header: string;
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  /** The text git put after the second '@@' (usually the enclosing function), or null. */
  readonly functionName: string | null;
  readonly lines: readonly DiffLine[];
}

export type DiffFileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied' | 'mode-change';

export interface DiffFile {
  /** Path before the change, null for a new file. */
  readonly oldPath: string | null;
  /** Path after the change, null for a deleted file. */
  readonly newPath: string | null;
  /** The path to report against: newPath, else oldPath. */
  readonly path: string;
  readonly status: DiffFileStatus;
  readonly binary: boolean;
  readonly oldMode: string | null;
  readonly newMode: string | null;
  /** 'similarity index N%' for renames and copies. */
  readonly similarity: number | null;
  readonly hunks: readonly DiffHunk[];
  readonly additions: number;
  readonly deletions: number;
}
