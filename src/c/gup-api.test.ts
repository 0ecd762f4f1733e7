import { describe, expect, it } from 'vitest';
import { findCalls } from './find-calls.js';
import { gupFlagArgument, GUP_FLAG_ARGUMENT, isPinCall } from './gup-api.js';
import { codeTokens, tokenizeLines } from './tokenize.js';

const flagArg = (src: string) => {
  const [call] = findCalls(codeTokens(tokenizeLines([src])), (n) => GUP_FLAG_ARGUMENT.has(n));
  return call === undefined ? undefined : gupFlagArgument(call)?.text;
};

describe('gupFlagArgument', () => {
  it.each([
    ['get_user_pages_remote(NULL, mm, vaddr, 1, flags | FOLL_LONGTERM, page, NULL, NULL);', 'flags | FOLL_LONGTERM'],
    ['pin_user_pages_remote(mm, vaddr, npages, flags | FOLL_LONGTERM, pages, NULL);', 'flags | FOLL_LONGTERM'],
    ['get_user_pages_unlocked(kfp->hva, 1, &page, flags);', 'flags'],
    ['pin_user_pages_locked(start, nr_frames, gup_flags, (struct page **)(vec->ptrs), &locked);', 'gup_flags'],
    ['get_user_pages_fast(vaddr, 1, !!(prot & IOMMU_WRITE), page);', '!!(prot & IOMMU_WRITE)'],
    ['pin_user_pages_fast(uaddr, npages,', undefined],
  ])('%s → %s', (src, expected) => {
    expect(flagArg(src) ?? undefined).toBe(expected);
  });

  it('knows the FOLL_PIN entry points', () => {
    expect(isPinCall('pin_user_pages_remote')).toBe(true);
    expect(isPinCall('get_user_pages')).toBe(false);
  });
});
