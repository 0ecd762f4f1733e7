import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { buildFragment, isChanged, lineOf, sideLineNumber } from './fragment.js';
import { findCallSites, scopeAssignments, scopeTokens } from './scope.js';
import { gupFlagArgument } from './gup-api.js';
import { resolveFlags } from './resolve-flags.js';

// kb row 12 (RDMA/umem: remove FOLL_FORCE usage, <20221116102659.70287-11-david@redhat.com>), cut down
const UMEM = [
  'diff --git a/drivers/infiniband/core/umem.c b/drivers/infiniband/core/umem.c',
  '--- a/drivers/infiniband/core/umem.c',
  '+++ b/drivers/infiniband/core/umem.c',
  '@@ -156,4 +156,4 @@ struct ib_umem *ib_umem_get(struct ib_device *device, unsigned long addr,',
  ' \tstruct mm_struct *mm;',
  '-\tunsigned int gup_flags = FOLL_WRITE;',
  '+\tunsigned int gup_flags = FOLL_LONGTERM;',
  ' ',
  ' \t/*',
  '@@ -210,5 +210,5 @@ struct ib_umem *ib_umem_get(struct ib_device *device, unsigned long addr,',
  ' \twhile (npages) {',
  ' \t\tpinned = pin_user_pages_fast(cur_base, npages,',
  '-\t\t\t\t\t  gup_flags | FOLL_LONGTERM, page_list);',
  '+\t\t\t\t\t  gup_flags, page_list);',
  ' \t\tif (pinned < 0) {',
  ' \t\t\tret = pinned;',
].join('\n');

const file = parseDiff(UMEM)[0]!;

describe('buildFragment', () => {
  it('keeps context + added lines on the new side and context + removed on the old side', () => {
    const nu = buildFragment(file, 'new');
    const old = buildFragment(file, 'old');
    expect(nu.lines.map((l) => l.kind).join(',')).toBe(
      'context,add,context,context,context,context,add,context,context',
    );
    expect(old.lines.filter((l) => l.kind === 'del').map((l) => l.oldLine)).toEqual([157, 212]);
    expect(nu.lines.every((l) => l.fn === 'ib_umem_get')).toBe(true);
  });

  it('maps tokens back to diff lines', () => {
    const nu = buildFragment(file, 'new');
    const flags = nu.code.filter((t) => t.text === 'FOLL_LONGTERM');
    expect(flags.map((t) => sideLineNumber(nu, lineOf(nu, t)))).toEqual([157]);
    expect(flags.every((t) => isChanged(nu, t))).toBe(true);
  });
});

describe('call sites in scope', () => {
  it('sees an added argument line as a changed call and resolves flags across hunks of the function', () => {
    const nu = buildFragment(file, 'new');
    const [site] = findCallSites(nu, (n) => n === 'pin_user_pages_fast');
    expect(site?.changed).toBe(true);
    expect(site?.fn).toBe('ib_umem_get');
    const arg = gupFlagArgument(site!.call)!;
    expect(arg.text).toBe('gup_flags');
    expect(resolveFlags(arg.tokens, scopeAssignments(nu, site!.line)).constants.has('FOLL_LONGTERM')).toBe(true);
    expect(scopeTokens(nu, site!.line).some((t) => t.text === 'FOLL_LONGTERM')).toBe(true);
  });

  it('sees the old call with its literal flag on the old side', () => {
    const old = buildFragment(file, 'old');
    const [site] = findCallSites(old, (n) => n === 'pin_user_pages_fast');
    expect(gupFlagArgument(site!.call)?.text).toBe('gup_flags | FOLL_LONGTERM');
    expect(site?.changed).toBe(true);
  });
});
