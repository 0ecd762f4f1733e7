import { describe, expect, it } from 'vitest';
import { findAssignments } from './find-assignments.js';
import { flagTerms } from './flag-terms.js';
import { resolveFlags } from './resolve-flags.js';
import { codeTokens, tokenizeLines } from './tokenize.js';

const code = (lines: string[]) => codeTokens(tokenizeLines(lines));

describe('findAssignments', () => {
  it('finds declarations, compound assignments, members and designated initializers', () => {
    const found = findAssignments(
      code([
        'unsigned int gup_flags = FOLL_LONGTERM;',
        'gup_flags |= FOLL_WRITE;',
        'flags &= ~FOLL_LONGTERM;',
        'user->gup_flags = FOLL_LONGTERM, x = 1;',
        'struct kvm_follow_pfn kfp = { .flags = FOLL_WRITE, .pin = true };',
        'if (a == b) arr[i] = 3;',
      ]),
    );
    expect(found.map((a) => `${a.target} ${a.op} ${a.value.map((t) => t.text).join(' ')}`)).toEqual([
      'gup_flags = FOLL_LONGTERM',
      'gup_flags |= FOLL_WRITE',
      'flags &= ~ FOLL_LONGTERM',
      'user->gup_flags = FOLL_LONGTERM',
      'x = 1',
      'kfp = { . flags = FOLL_WRITE , . pin = true }',
      '.flags = FOLL_WRITE',
      '.pin = true',
    ]);
  });
});

describe('resolveFlags', () => {
  const fn = code([
    'unsigned int gup_flags = FOLL_LONGTERM;',
    'if (umem->writable)',
    '\tgup_flags |= FOLL_WRITE;',
    'unsigned int other = gup_flags;',
    'other &= ~FOLL_FORCE;',
  ]);
  const assignments = findAssignments(fn);

  it('follows a variable through its initialiser and |= (RDMA umem after kb row 12)', () => {
    const r = resolveFlags(code(['gup_flags']), assignments);
    expect([...r.constants].sort()).toEqual(['FOLL_LONGTERM', 'FOLL_WRITE']);
    expect(r.unresolved).toEqual([]);
  });

  it('follows chains, collects masks and names unresolved variables', () => {
    const r = resolveFlags(code(['other | extra_flags']), assignments);
    expect([...r.constants].sort()).toEqual(['FOLL_LONGTERM', 'FOLL_WRITE']);
    expect([...r.cleared]).toEqual(['FOLL_FORCE']);
    expect(r.unresolved).toEqual(['extra_flags']);
  });

  it('terminates on self-references', () => {
    const loop = findAssignments(code(['f = f | FOLL_PIN;']));
    expect([...resolveFlags(code(['f']), loop).constants]).toEqual(['FOLL_PIN']);
    expect(flagTerms(code(['f'])).variables).toEqual(['f']);
  });

  it('lets a designated initializer feed a member read', () => {
    const init = findAssignments(code(['struct s kfp = { .flags = FOLL_WRITE };']));
    expect([...resolveFlags(code(['kfp.flags']), init).constants]).toEqual(['FOLL_WRITE']);
  });
});
