import { enclosingFunctions } from '../c/enclosing-function.js';
import type { DiffFile } from '../model/diff.js';
import type { Side } from '../model/finding.js';

/**
 * The function a finding's line sits in (as src/c/fragment.ts names it: git's hunk header,
 * then definitions inside the hunk), or null: no file, a line outside the diff, a line at top
 * level. Part of a finding's identity, so the same call moved into another function is a new
 * finding rather than one that persists.
 */
export function symbolAt(
  diff: readonly DiffFile[],
  file: string | null,
  line: number | null,
  side: Side | null,
): string | null {
  if (file === null || line === null) return null;
  const onOld = side === 'old';
  const target = diff.find((f) => (onOld ? (f.oldPath ?? f.path) : f.path) === file);
  if (target === undefined) return null;
  for (const hunk of target.hunks) {
    const picked = hunk.lines.filter((l) => l.kind !== (onOld ? 'add' : 'del'));
    const at = picked.findIndex((l) => (onOld ? l.oldLine : l.newLine) === line);
    if (at !== -1)
      return (
        enclosingFunctions(
          hunk.functionName,
          picked.map((l) => l.text),
        )[at] ?? null
      );
  }
  return null;
}
