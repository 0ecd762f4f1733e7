import type { DiffFile, DiffLine } from '../model/diff.js';
import type { Finding } from '../model/finding.js';

/** Lines of context a reviewer keeps above the line at issue, and below it. */
const BEFORE = 3;
const AFTER = 2;

const marker = (l: DiffLine): string => (l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ');

/**
 * Patch text as one quoted line: a CR, form feed, NEL or Unicode line separator inside it would
 * let a reader break the line there and show the rest unquoted (a forged `-- ` footer). Tabs stay.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const oneLine = (text: string): string => text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');

/**
 * The diff lines at issue, quoted the way a reviewer trims a patch: the file, then a few lines
 * around the flagged one from its own hunk, each prefixed with '> '. Null when the finding has
 * no place in the diff (prose findings quote their sentence instead).
 */
export function quoteHunk(
  diff: readonly DiffFile[],
  finding: Pick<Finding, 'file' | 'line' | 'side'>,
): string[] | null {
  if (finding.file === null || finding.line === null) return null;
  const file = diff.find((f) => f.path === finding.file || f.oldPath === finding.file);
  if (!file) return null;
  for (const hunk of file.hunks) {
    const at = hunk.lines.findIndex(
      (l) =>
        (finding.side === 'old' ? l.oldLine : l.newLine) === finding.line &&
        (finding.side === 'old' ? l.kind !== 'add' : l.kind !== 'del'),
    );
    if (at === -1) continue;
    const from = Math.max(0, at - BEFORE);
    const to = Math.min(hunk.lines.length, at + AFTER + 1);
    return [`> ${oneLine(file.path)}`, ...hunk.lines.slice(from, to).map((l) => `> ${marker(l)}${oneLine(l.text)}`)];
  }
  return null;
}
