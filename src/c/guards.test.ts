import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { buildFragment } from './fragment.js';
import { guardsOf } from './guards.js';

const file = (hunk: string[], path: string) =>
  parseDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n'))[0]!;

describe('guardsOf', () => {
  it('lists the ifs around a token, outermost first, with the branch', () => {
    const f = buildFragment(
      file(
        [
          '@@ -1,1 +1,6 @@ int f(void)',
          ' {',
          '+\tif (a) {',
          '+\t\tif (b)',
          '+\t\t\tx = 1;',
          '+\t} else',
          '+\t\ty = 2;',
        ],
        'a.c',
      ),
      'new',
    );
    const x = f.code.find((t) => t.text === 'x')!;
    const y = f.code.find((t) => t.text === 'y')!;
    expect(guardsOf(f, x).map((g) => [g.statement.condition[0]?.text, g.branch])).toEqual([
      ['a', 'then'],
      ['b', 'then'],
    ]);
    expect(guardsOf(f, y).map((g) => g.branch)).toEqual(['else']);
  });
});
