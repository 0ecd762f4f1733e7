import { describe, expect, it } from 'vitest';
import { flagTerms } from './flag-terms.js';
import { codeTokens, tokenizeLines } from './tokenize.js';

const terms = (expr: string) => {
  const t = flagTerms(codeTokens(tokenizeLines([expr])));
  return { set: [...t.set].sort(), cleared: [...t.cleared].sort(), variables: t.variables };
};

describe('flagTerms', () => {
  it.each([
    ['FOLL_WRITE | FOLL_LONGTERM', ['FOLL_LONGTERM', 'FOLL_WRITE'], [], []],
    ['gup_flags | FOLL_LONGTERM', ['FOLL_LONGTERM'], [], ['gup_flags']],
    ['(gup->flags & 1) | FOLL_LONGTERM', ['FOLL_LONGTERM'], [], ['gup->flags']],
    ['writable ? FOLL_WRITE : 0', ['FOLL_WRITE'], [], ['writable']],
    ['flags & ~FOLL_LONGTERM', [], ['FOLL_LONGTERM'], ['flags']],
    ['~(FOLL_LONGTERM | FOLL_PIN) & f', [], ['FOLL_LONGTERM', 'FOLL_PIN'], ['f']],
    ['BIT(3) | (unsigned int)kfp->flags', [], [], ['kfp->flags']],
    ['!!(prot & IOMMU_WRITE)', ['IOMMU_WRITE'], [], ['prot']],
  ])('%s', (expr, set, cleared, variables) => {
    expect(terms(expr)).toEqual({ set, cleared, variables });
  });
});
