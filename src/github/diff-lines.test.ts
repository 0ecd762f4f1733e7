import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { commentPosition, commentableLines } from './diff-lines.js';

const diff = parseDiff(
  [
    'diff --git a/mm/x.c b/mm/x.c',
    '--- a/mm/x.c',
    '+++ b/mm/x.c',
    '@@ -10,4 +10,5 @@ int f(void)',
    ' ctx10',
    '-old11',
    '+new11',
    '+new12',
    ' ctx12',
    ' ctx13',
    'diff --git a/gone.c b/gone.c',
    'deleted file mode 100644',
    '--- a/gone.c',
    '+++ /dev/null',
    '@@ -1,2 +0,0 @@',
    '-a',
    '-b',
  ].join('\n'),
);

describe('commentableLines', () => {
  const lines = commentableLines(diff);
  const has = (path: string, side: 'LEFT' | 'RIGHT', line: number): boolean => lines.has({ path, side, line });

  it('RIGHT: added and context lines by their new number', () => {
    expect([10, 11, 12, 13, 14].map((n) => has('mm/x.c', 'RIGHT', n))).toEqual([true, true, true, true, true]);
    expect(has('mm/x.c', 'RIGHT', 9)).toBe(false);
    expect(has('mm/x.c', 'RIGHT', 15)).toBe(false);
  });

  it('LEFT: removed and context lines by their old number', () => {
    expect([10, 11, 12, 13].map((n) => has('mm/x.c', 'LEFT', n))).toEqual([true, true, true, true]);
    expect(has('mm/x.c', 'LEFT', 14)).toBe(false);
  });

  it('a deleted file is commented by its old path on the LEFT', () => {
    expect(has('gone.c', 'LEFT', 1)).toBe(true);
    expect(has('gone.c', 'RIGHT', 1)).toBe(false);
  });

  it('maps findings: new side → RIGHT, off-diff or unplaced → null', () => {
    expect(commentPosition({ file: 'mm/x.c', line: 12, side: 'new' }, lines)).toEqual({
      path: 'mm/x.c',
      side: 'RIGHT',
      line: 12,
    });
    expect(commentPosition({ file: 'mm/x.c', line: 11, side: 'old' }, lines)).toEqual({
      path: 'mm/x.c',
      side: 'LEFT',
      line: 11,
    });
    expect(commentPosition({ file: 'mm/x.c', line: 40, side: 'new' }, lines)).toBeNull();
    expect(commentPosition({ file: null, line: null, side: null }, lines)).toBeNull();
  });
});
