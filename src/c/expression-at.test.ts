import { describe, expect, it } from 'vitest';
import { expressionAt } from './expression-at.js';
import { tokensText } from './token-text.js';
import { codeTokens, tokenizeLines } from './tokenize.js';

const at = (lines: string[], text = 'MAP_SYNC', nth = 0) => {
  const code = codeTokens(tokenizeLines(lines));
  const index = code.map((t, k) => (t.text === text ? k : -1)).filter((k) => k >= 0)[nth] ?? -1;
  const ex = expressionAt(code, index);
  return { text: tokensText(ex.tokens), role: ex.role };
};

describe('expressionAt', () => {
  it('finds the mmap flags argument', () => {
    expect(at(['p = mmap(NULL, len, PROT_READ,', '         MAP_SHARED | MAP_SYNC, fd, 0);'])).toEqual({
      text: 'MAP_SHARED | MAP_SYNC',
      role: { kind: 'argument', call: 'mmap', index: 3 },
    });
  });

  it('grows through grouping parentheses to the assignment', () => {
    expect(at(['flags |= (shared ? (MAP_SHARED | MAP_SYNC) : 0);'])).toEqual({
      text: '(shared ? (MAP_SHARED | MAP_SYNC) : 0)',
      role: { kind: 'assignment', target: 'flags', op: '|=' },
    });
    expect(at(['s->map_flags = MAP_SYNC;']).role).toEqual({ kind: 'assignment', target: 's->map_flags', op: '=' });
  });

  it('reads #define bodies and names', () => {
    expect(at(['#define PMEM_FLAGS (MAP_SHARED | MAP_SYNC)'])).toEqual({
      text: '(MAP_SHARED | MAP_SYNC)',
      role: { kind: 'define', name: 'PMEM_FLAGS' },
    });
    expect(at(['#define MAP_SYNC 0x80000']).role).toEqual({ kind: 'definition', name: 'MAP_SYNC' });
    expect(at(['#ifndef MAP_SYNC', '#define MAP_SYNC 0', '#endif']).role.kind).toBe('condition');
  });

  it('tells conditions and other calls apart', () => {
    expect(at(['if ((flags & MAP_SYNC) == 0)']).role).toEqual({ kind: 'condition' });
    expect(at(['_calc_vm_trans(flags, MAP_SYNC, VM_SYNC)']).role).toEqual({
      kind: 'argument',
      call: '_calc_vm_trans',
      index: 1,
    });
    expect(at(['return MAP_SHARED | MAP_SYNC;']).role).toEqual({ kind: 'return' });
  });
});
