import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { isMmapAbiPath, isMmapFlagArgument } from './mmap-api.js';
import { hunkUnits } from './text-units.js';

describe('hunkUnits', () => {
  it('keeps the new side of each hunk with added flags and line numbers', () => {
    const file = parseDiff(
      ['diff --git a/d.txt b/d.txt', '--- a/d.txt', '+++ b/d.txt', '@@ -3,2 +3,2 @@', ' keep', '-old', '+new'].join(
        '\n',
      ),
    )[0]!;
    expect(hunkUnits(file)).toEqual([
      { file: 'd.txt', lines: ['keep', 'new'], added: [false, true], lineNumbers: [3, 4] },
    ]);
  });
});

describe('mmap-api', () => {
  it('knows where mmap takes its flags and which paths define the ABI', () => {
    expect([isMmapFlagArgument('mmap', 3), isMmapFlagArgument('Mmap', 4), isMmapFlagArgument('mmap', 2)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(
      ['include/uapi/asm-generic/mman-common.h', 'linux-headers/linux/mman.h', 'mm/mmap.c', 'util/mmap-alloc.c'].map(
        isMmapAbiPath,
      ),
    ).toEqual([true, true, true, false]);
  });
});
