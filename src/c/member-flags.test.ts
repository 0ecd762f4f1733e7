import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { buildFragment } from './fragment.js';
import { memberName, resolveWithMembers } from './member-flags.js';
import { findCallSites } from './scope.js';

const file = (hunk: string[], path: string) =>
  parseDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n'))[0]!;

describe('resolveWithMembers', () => {
  it('follows a struct member set in another function of the file (iommufd gup_flags)', () => {
    const f = buildFragment(
      file(
        [
          '@@ -1,1 +1,9 @@',
          ' /* x */',
          '+static void init(struct u *user)',
          '+{',
          '+\tuser->gup_flags = FOLL_LONGTERM;',
          '+}',
          '+static int pin(struct u *user)',
          '+{',
          '+\treturn pin_user_pages_fast(a, n, user->gup_flags, p);',
          '+}',
        ],
        'drivers/iommu/iommufd/pages.c',
      ),
      'new',
    );
    const [site] = findCallSites(f, (n) => n === 'pin_user_pages_fast');
    const r = resolveWithMembers(f, site!.call.args[2]!.tokens, site!.call.nameToken);
    expect([...r.constants]).toEqual(['FOLL_LONGTERM']);
    expect(memberName('user->gup_flags')).toBe('gup_flags');
    expect(memberName('flags')).toBeNull();
  });
});
