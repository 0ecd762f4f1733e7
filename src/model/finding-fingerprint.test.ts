import { describe, expect, it } from 'vitest';
import { findingFingerprint } from './finding-fingerprint.js';

const base = {
  rule: 'vfio-vaddr-get-pfn-fsdax',
  file: 'drivers/vfio/vfio_iommu_type1.c',
  symbol: 'vfio_pin_pages_fast',
  excerpt: '\tret = pin_user_pages_fast(vaddr, npages, flags, pages);',
  message: 'm',
};

describe('findingFingerprint', () => {
  it('keeps a finding whose line moved or whose white space changed', () => {
    expect(findingFingerprint({ ...base, excerpt: 'ret =  pin_user_pages_fast(vaddr, npages, flags, pages);' })).toBe(
      findingFingerprint(base),
    );
  });

  it('tells apart the same code in another function, file or rule', () => {
    const fp = findingFingerprint(base);
    expect(findingFingerprint({ ...base, symbol: 'vfio_pin_pages_longterm' })).not.toBe(fp);
    expect(findingFingerprint({ ...base, symbol: null })).not.toBe(fp);
    expect(findingFingerprint({ ...base, file: 'drivers/vfio/vfio_main.c' })).not.toBe(fp);
    expect(findingFingerprint({ ...base, rule: 'longterm-pin-without-foll-longterm' })).not.toBe(fp);
  });
});
