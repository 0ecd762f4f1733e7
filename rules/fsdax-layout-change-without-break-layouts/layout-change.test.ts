import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { buildFragment } from '../../src/c/fragment.js';
import {
  addsBreaks,
  discardedBusyPages,
  helperBreakMap,
  mayBreakBetween,
  removedBreaks,
  unbrokenLayoutChanges,
} from './layout-change.js';

const diff = (lines: string[], fn = 'int f(struct inode *inode)') =>
  parseDiff(
    [
      'diff --git a/fs/ext4/inode.c b/fs/ext4/inode.c',
      '--- a/fs/ext4/inode.c',
      '+++ b/fs/ext4/inode.c',
      `@@ -1,${lines.filter((l) => !l.startsWith('+')).length} +1,${lines.filter((l) => !l.startsWith('-')).length} @@ ${fn}`,
      ...lines,
    ].join('\n'),
  )[0]!;
const changes = (lines: string[]) =>
  unbrokenLayoutChanges(buildFragment(diff(lines), 'new')).map((c) => `${c.fn}:${c.lock.call.name}->${c.op.call.name}`);

describe('unbrokenLayoutChanges', () => {
  it('finds lock → truncate with no break-layouts call', () => {
    expect(changes(['+\tfilemap_invalidate_lock(inode->i_mapping);', '+\ttruncate_pagecache(inode, 0);'])).toEqual([
      'f:filemap_invalidate_lock->truncate_pagecache',
    ]);
    expect(changes(['+\tdown_write(&EXT4_I(inode)->i_mmap_sem);', '+\ttruncate_pagecache(inode, 0);'])).toHaveLength(1);
    expect(
      changes([
        '+\tuint lock = XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL;',
        '+\txfs_ilock(ip, lock);',
        '+\txfs_free_file_space(ip, 0, len);',
      ]),
    ).toHaveLength(1);
  });

  it('is silent with a break, without a visible lock, when growing or refusing DAX', () => {
    expect(
      changes([
        '+\tfilemap_invalidate_lock(m);',
        '+\terr = ext4_break_layouts(inode);',
        '+\ttruncate_pagecache(inode, 0);',
      ]),
    ).toEqual([]);
    expect(changes(['+\txfs_ilock2_io_mmap(src, dest);', '+\txfs_flush_unmap_range(dest, pos, len);'])).toEqual([]);
    expect(changes(['+\ttruncate_pagecache(inode, 0);'])).toEqual([]);
    expect(
      changes([
        '+\tfilemap_invalidate_lock(m);',
        '+\tif (attr->ia_size > inode->i_size)',
        '+\t\ttruncate_pagecache(inode, 0);',
      ]),
    ).toEqual([]);
    expect(
      changes([
        '+\tif (IS_DAX(inode))',
        '+\t\treturn -EINVAL;',
        '+\tfilemap_invalidate_lock(m);',
        '+\ttruncate_pagecache(inode, 0);',
      ]),
    ).toEqual([]);
  });
});

describe('helpers, removals and busy pages', () => {
  it('follows helpers defined in the patch', () => {
    const f = buildFragment(
      diff(
        [
          '+int my_prepare(struct inode *inode)',
          '+{',
          '+\treturn ext4_break_layouts(inode);',
          '+}',
          '+int other(void)',
          '+{',
          '+\treturn 0;',
          '+}',
        ],
        '',
      ),
      'new',
    );
    const map = helperBreakMap([f]);
    expect([map.get('my_prepare'), map.get('other')]).toEqual([true, false]);
    const change = unbrokenLayoutChanges(
      buildFragment(
        diff(['+\tfilemap_invalidate_lock(m);', '+\text4_prepare_range(inode);', '+\ttruncate_pagecache(inode, 0);']),
        'new',
      ),
    )[0]!;
    expect(mayBreakBetween(change, () => null)).toBe(true);
    expect(mayBreakBetween(change, () => false)).toBe(false);
  });

  it('reports removed break calls and discarded busy pages', () => {
    const d = diff([
      ' \tfilemap_invalidate_lock(m);',
      '-\terr = ext4_break_layouts(inode);',
      '+\tdax_layout_busy_page(m);',
      ' \ttruncate_pagecache(inode, 0);',
    ]);
    expect([...removedBreaks(buildFragment(d, 'old')).keys()]).toEqual(['f']);
    expect(discardedBusyPages(buildFragment(d, 'new')).map((s) => s.call.name)).toEqual(['dax_layout_busy_page']);
    expect(addsBreaks(buildFragment(d, 'new'))).toBe(false);
  });
});
