import { addedFragment } from '../../test/helpers/added-fragment.js';
import { describe, expect, it } from 'vitest';
import { syncFallbacks } from './mmap-fallback.js';

const fallbacks = (body: string[]) =>
  syncFallbacks(addedFragment(body, { fn: 'void *map(int fd, size_t len)' })).map((f) => ({
    retry: f.retry.line.newLine,
    reports: f.reports.map((t) => t.text),
    gated: f.gatedErrnos,
    recorded: f.recorded,
  }));

const SYNC = [
  '\tint sync = MAP_SHARED_VALIDATE | MAP_SYNC;',
  '\tvoid *p = mmap(NULL, len, PROT_READ, MAP_FIXED | sync, fd, 0);',
];

describe('syncFallbacks', () => {
  it('finds a silent retry', () => {
    expect(
      fallbacks([...SYNC, '\tif (p == MAP_FAILED)', '\t\tp = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);']),
    ).toEqual([{ retry: 4, reports: [], gated: [], recorded: false }]);
  });

  it('tells errno-gated warnings from warnings on every path', () => {
    const gated = [
      '\tif (p == MAP_FAILED) {',
      '\t\tif (errno == ENOTSUP)',
      '\t\t\twarn_report("no MAP_SYNC");',
      '\t\tp = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);',
      '\t}',
    ];
    expect(fallbacks([...SYNC, ...gated])).toEqual([{ retry: 6, reports: [], gated: ['ENOTSUP'], recorded: false }]);
    const always = [
      '\tif (p == MAP_FAILED) {',
      '\t\tlog.Printf("no MAP_SYNC: %v", err);',
      '\t\tp = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);',
      '\t}',
    ];
    expect(fallbacks([...SYNC, ...always])[0]?.reports).toEqual(['Printf']);
  });

  it('sees a recorded downgrade', () => {
    expect(
      fallbacks([
        ...SYNC,
        '\tif (p == MAP_FAILED) {',
        '\t\t*is_pmem = 0;',
        '\t\tp = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);',
        '\t}',
      ])[0]?.recorded,
    ).toBe(true);
  });

  it('ignores a second mapping of another fd or without a failure check', () => {
    expect(
      fallbacks([...SYNC, '\tif (p == MAP_FAILED)', '\t\tq = mmap(NULL, len, PROT_READ, MAP_SHARED, other_fd, 0);']),
    ).toEqual([]);
    expect(fallbacks([...SYNC, '\tq = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);'])).toEqual([]);
  });
});
