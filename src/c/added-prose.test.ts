import { describe, expect, it } from 'vitest';
import { parseDiff } from '../diff/parse-diff.js';
import { addedProse, isDocFile, proseSentences } from './added-prose.js';

const diff = (path: string, hunk: string[]) =>
  parseDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n'))[0]!;

describe('addedProse', () => {
  it('takes comments and strings that touch added lines, with their lines', () => {
    const file = diff('util/mmap-alloc.c', [
      '@@ -10,3 +10,7 @@ void *qemu_ram_mmap(int fd,',
      ' /* unchanged comment. */',
      '+/*',
      '+ * MAP_SYNC only syncs metadata.',
      '+ */',
      '+warn_report("MAP_SYNC failed for %s: "',
      '+            "continuing without it", path);',
      ' int x; // old note',
    ]);
    const blocks = addedProse(file);
    expect(blocks.map((b) => b.origin)).toEqual(['comment', 'string']);
    const [comment, str] = blocks.map((b) => proseSentences(b));
    expect(comment).toEqual([
      { text: 'MAP_SYNC only syncs metadata.', lines: [expect.objectContaining({ newLine: 12 })] },
    ]);
    expect(str?.map((s) => s.text)).toEqual(['MAP_SYNC failed for %s: continuing without it']);
  });

  it('reads documentation hunks whole and skips other files', () => {
    const doc = diff('docs/nvdimm.txt', ['@@ -1,2 +1,3 @@', ' Intro line.', '+MAP_SYNC syncs metadata.', ' ']);
    expect(proseSentences(addedProse(doc)[0]!).map((s) => s.text)).toEqual(['Intro line.', 'MAP_SYNC syncs metadata.']);
    expect(addedProse(diff('meson.build', ['@@ -1,1 +1,2 @@', ' x', '+# MAP_SYNC guarantees persistence.']))).toEqual(
      [],
    );
    expect(isDocFile('qemu-options.hx')).toBe(true);
    expect(isDocFile('Documentation/filesystems/dax.rst')).toBe(true);
    expect(isDocFile('mm/gup.c')).toBe(false);
  });
});
