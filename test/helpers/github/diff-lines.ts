/**
 * What GitHub lets a review comment attach to, read off a files-API `patch`: on the RIGHT side
 * the added and context lines by their new-file numbers, on the LEFT side the removed and
 * context lines by their old-file numbers.
 */

export interface DiffLines {
  readonly right: ReadonlySet<number>;
  readonly left: ReadonlySet<number>;
  readonly additions: number;
  readonly deletions: number;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function diffLines(patch: string | undefined): DiffLines {
  const right = new Set<number>();
  const left = new Set<number>();
  let additions = 0;
  let deletions = 0;
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  for (const line of (patch ?? '').replace(/\n$/, '').split('\n')) {
    const hunk = HUNK.exec(line);
    if (hunk !== null) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    const marker = line.charAt(0);
    if (marker === '+') {
      right.add(newLine++);
      additions++;
    } else if (marker === '-') {
      left.add(oldLine++);
      deletions++;
    } else if (marker === ' ' || line === '') {
      // An empty line inside a hunk is a context line whose trailing space was stripped.
      left.add(oldLine++);
      right.add(newLine++);
    }
    // '\ No newline at end of file' counts on neither side.
  }
  return { right, left, additions, deletions };
}

/** Whether `line` on `side` can carry a review comment. */
export function isDiffLine(lines: DiffLines, side: 'LEFT' | 'RIGHT', line: number): boolean {
  return (side === 'RIGHT' ? lines.right : lines.left).has(line);
}
