import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { addedFlagClears } from './flag-clears.js';
import { buildFragment } from './fragment.js';

const fragment = (path: string, hunk: string[]) =>
  buildFragment(
    parseDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n'))[0]!,
    'new',
  );

describe('addedFlagClears', () => {
  it('finds &= ~F, x = y & ~F and a masked GUP flag argument', () => {
    const f = fragment('a.c', [
      '@@ -1,1 +1,4 @@ int f(void)',
      ' {',
      '+\tgup_flags &= ~FOLL_LONGTERM;',
      '+\tother = gup_flags & ~(FOLL_LONGTERM | FOLL_FORCE);',
      '+\tpin_user_pages_fast(a, n, flags & ~FOLL_LONGTERM, p);',
    ]);
    expect(addedFlagClears(f, 'FOLL_LONGTERM').map((c) => c.line.newLine)).toEqual([2, 3, 4]);
  });

  it('ignores validity masks in conditions and context lines', () => {
    const f = fragment('a.c', [
      '@@ -1,2 +1,3 @@ int f(void)',
      ' \tgup_flags &= ~FOLL_LONGTERM;',
      '+\tif (WARN_ON(gup_flags & ~(FOLL_WRITE | FOLL_LONGTERM)))',
      ' \t\treturn -EINVAL;',
    ]);
    expect(addedFlagClears(f, 'FOLL_LONGTERM')).toEqual([]);
  });
});
