import { describe, expect, it } from 'vitest';
import { buildFragment } from '../../src/c/fragment.js';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { pinRetriesWithout } from './pin-retry.js';

const fragment = (path: string, hunk: string[]) =>
  buildFragment(
    parseDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n'))[0]!,
    'new',
  );

describe('pinRetriesWithout', () => {
  const retry = (cond: string, flags: string) =>
    fragment('a.c', [
      '@@ -1,1 +1,4 @@ int f(void)',
      ' \tret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);',
      `+\tif (${cond})`,
      `+\t\tret = pin_user_pages_fast(addr, n, ${flags}, pages);`,
      '+\treturn ret;',
    ]);

  it('finds a re-pin of the same start address under a failure test', () => {
    const [r] = pinRetriesWithout(retry('ret == -EOPNOTSUPP', 'FOLL_WRITE'), 'FOLL_LONGTERM');
    expect(r?.firstCarries).toBe('yes');
    expect(pinRetriesWithout(retry('ret < 0', 'FOLL_WRITE'), 'FOLL_LONGTERM')).toHaveLength(1);
  });

  it('ignores a second pin that keeps the flag or is not guarded by the first result', () => {
    expect(pinRetriesWithout(retry('ret == -EOPNOTSUPP', 'FOLL_LONGTERM'), 'FOLL_LONGTERM')).toEqual([]);
    expect(pinRetriesWithout(retry('mm != current->mm', 'FOLL_WRITE'), 'FOLL_LONGTERM')).toEqual([]);
  });
});
