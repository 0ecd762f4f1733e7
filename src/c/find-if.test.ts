import { describe, expect, it } from 'vitest';
import { findIfStatements } from './find-if.js';
import { codeTokens, tokenizeLines } from './tokenize.js';

const ifs = (lines: string[]) =>
  findIfStatements(codeTokens(tokenizeLines(lines))).map((s) => ({
    cond: s.condition.map((t) => t.text).join(' '),
    body: s.body.map((t) => t.text).join(' '),
    elseBody: s.elseBody.map((t) => t.text).join(' '),
  }));

describe('findIfStatements', () => {
  it('reads single statements, blocks and else branches', () => {
    expect(ifs(['if (!map_sync)', '\tmsync(p, n, MS_SYNC);', 'else {', '\tpmem_persist(p, n);', '}'])).toEqual([
      { cond: '! map_sync', body: 'msync ( p , n , MS_SYNC ) ;', elseBody: 'pmem_persist ( p , n ) ;' },
    ]);
    expect(ifs(['if (a) { b(); c(); } d();'])).toEqual([{ cond: 'a', body: 'b ( ) ; c ( ) ;', elseBody: '' }]);
  });

  it('keeps nested ifs and partial statements', () => {
    const found = ifs(['if (a) if (b) x(); else y();', 'if (c']);
    expect(found[0]).toEqual({ cond: 'a', body: 'if ( b ) x ( ) ; else y ( ) ;', elseBody: '' });
    expect(found[2]).toEqual({ cond: 'c', body: '', elseBody: '' });
  });
});
