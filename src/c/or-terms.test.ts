import { describe, expect, it } from 'vitest';
import { findAssignments } from './find-assignments.js';
import { orTerms, resolveOrTerms, unqualify } from './or-terms.js';
import { codeTokens, tokenizeLines } from './tokenize.js';

const toks = (text: string) => codeTokens(tokenizeLines(text.split('\n')));
const terms = (expr: string) => {
  const t = orTerms(toks(expr));
  return { constants: [...t.constants].sort(), variables: t.variables, opaque: t.opaque, test: t.test };
};

describe('orTerms', () => {
  it.each([
    ['MAP_SHARED | MAP_SYNC', ['MAP_SHARED', 'MAP_SYNC'], [], [], false],
    ['flags | (shared ? MAP_SHARED : MAP_PRIVATE)', ['MAP_PRIVATE', 'MAP_SHARED'], ['flags'], [], false],
    ['fd == -1 ? MAP_ANONYMOUS : 0', ['MAP_ANONYMOUS'], [], [], false],
    ['(block->flags & RAM_PMEM) ? QEMU_MAP_SYNC : 0', ['QEMU_MAP_SYNC'], [], [], false],
    ['libc::MAP_SHARED | libc::MAP_SYNC', ['MAP_SHARED', 'MAP_SYNC'], [], [], false],
    ['unix.MAP_SHARED|unix.MAP_SYNC', ['MAP_SHARED', 'MAP_SYNC'], [], [], false],
    ['(int)MAP_SYNC | s->map_flags', ['MAP_SYNC'], ['s->map_flags'], [], false],
    ['(libc::MAP_SHARED | libc::MAP_SYNC) as i32', ['MAP_SHARED', 'MAP_SYNC'], [], [], false],
    ['BIT(3) | MAP_SYNC', ['MAP_SYNC'], [], ['BIT'], false],
    ['flags & MAP_SYNC', [], [], [], true],
    ['!(map_flags & ~(MAP_SHARED | MAP_SYNC))', [], [], [], true],
    ['a ? (b ? MAP_SYNC : MAP_SHARED) : MAP_PRIVATE', ['MAP_PRIVATE', 'MAP_SHARED', 'MAP_SYNC'], [], [], false],
  ])('%s', (expr, constants, variables, opaque, test) => {
    expect(terms(expr)).toEqual({ constants, variables, opaque, test });
  });

  it('keeps a grouped variable as a term, not a cast', () => {
    expect(terms('(flags) | MAP_SYNC')).toMatchObject({ constants: ['MAP_SYNC'], variables: ['flags'] });
  });

  it('unqualifies only constants', () => {
    expect(unqualify(toks('nix::sys::mman::MapFlags::MAP_SYNC | s.flags')).map((t) => t.text)).toEqual([
      'MAP_SYNC',
      '|',
      's',
      '.',
      'flags',
    ]);
  });
});

describe('resolveOrTerms', () => {
  it('follows variables through = and |= (may semantics) and &= ~ clears', () => {
    const code = toks(
      [
        'int flags = MAP_FIXED;',
        'flags |= shared ? MAP_SHARED : MAP_PRIVATE;',
        'sync = MAP_SYNC | MAP_SHARED_VALIDATE;',
        'flags &= ~MAP_FIXED;',
      ].join('\n'),
    );
    const r = resolveOrTerms(toks('flags | sync'), findAssignments(code));
    expect([...r.constants].sort()).toEqual([
      'MAP_FIXED',
      'MAP_PRIVATE',
      'MAP_SHARED',
      'MAP_SHARED_VALIDATE',
      'MAP_SYNC',
    ]);
    expect([...r.cleared]).toEqual(['MAP_FIXED']);
    expect(r.unresolved).toEqual([]);
  });

  it('reports unresolved variables and tests', () => {
    const r = resolveOrTerms(toks('flags | MAP_SYNC'), []);
    expect(r.unresolved).toEqual(['flags']);
    const code = toks('const bool sync = map_flags & MAP_SYNC;');
    expect(resolveOrTerms(toks('sync'), findAssignments(code)).test).toBe(true);
  });
});
