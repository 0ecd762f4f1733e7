import { inlineMail } from '../../test/helpers/inline-mail.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import rule from './rule.js';

const diff = (path: string, fn: string, lines: string[]): string[] => [
  `diff --git a/${path} b/${path}`,
  `--- a/${path}`,
  `+++ b/${path}`,
  `@@ -100,0 +100,${lines.length} @@ ${fn}`,
  ...lines,
];
const mail = (subject: string, d: string[]): string =>
  inlineMail({ subject, diff: d, date: 'Mon, 3 Mar 2025 10:00:00 +0000' });

ruleTester.run(rule, {
  valid: [
    // kb row 24: the dax-dma-vs-truncate series introduces dax_layout_busy_page()
    'valid/kb24-mm-fs-dax-handle-layout-changes-to-pinned-dax-mappings.eml',
    // kb row 26: ext4_break_layouts() calls removed because they move into ext4_prepare_falloc()
    'valid/kb26-ext4-factor-out-helper-to-lock-and-flush-before-fallocate.eml',
    // v6.15 series: fuse passes -1 as dmap_end; break-layouts calls changed, not dropped
    'valid/r154-fuse-fix-dax-truncate-punch-hole-fault-path.eml',
    // v6.15 series: ext4/xfs/fuse helpers converted to dax_break_layout*()
    'valid/r158-fs-dax-create-a-common-implementation-to-break-dax-layouts.eml',
    {
      name: 'lock, break layouts, then truncate',
      mail: mail(
        '[PATCH] ext4: new punch path',
        diff('fs/ext4/inode.c', 'int ext4_punch_range(struct inode *inode, loff_t start, loff_t end)', [
          '+\tfilemap_invalidate_lock(inode->i_mapping);',
          '+\tret = ext4_break_layouts(inode);',
          '+\tif (ret)',
          '+\t\tgoto out;',
          '+\ttruncate_pagecache_range(inode, start, end);',
        ]),
      ),
    },
    {
      name: 'an extending truncate frees nothing',
      mail: mail(
        '[PATCH] ext4: grow path',
        diff('fs/ext4/inode.c', 'static int ext4_grow(struct inode *inode, loff_t newsize)', [
          '+\tfilemap_invalidate_lock(inode->i_mapping);',
          '+\tif (newsize > inode->i_size)',
          '+\t\ttruncate_pagecache(inode, inode->i_size);',
        ]),
      ),
    },
    {
      name: 'a filesystem without DAX (btrfs) has no layouts to break',
      mail: mail(
        '[PATCH] btrfs: punch hole',
        diff('fs/btrfs/file.c', 'static int btrfs_punch(struct inode *inode, loff_t start, loff_t end)', [
          '+\tfilemap_invalidate_lock(inode->i_mapping);',
          '+\ttruncate_pagecache_range(inode, start, end);',
        ]),
      ),
    },
    {
      name: 'an operation that refuses DAX inodes',
      mail: mail(
        '[PATCH] xfs: exchange range',
        diff('fs/xfs/xfs_exch.c', 'int xfs_exch(struct xfs_inode *ip, struct xfs_inode *tip)', [
          '+\tif (IS_DAX(VFS_I(ip)) || IS_DAX(VFS_I(tip)))',
          '+\t\treturn -EINVAL;',
          '+\txfs_ilock(ip, XFS_MMAPLOCK_EXCL);',
          '+\ttruncate_pagecache_range(VFS_I(ip), 0, -1);',
        ]),
      ),
    },
    {
      name: 'the lock is taken by the caller (helper level)',
      mail: mail(
        '[PATCH] xfs: flush helper',
        diff('fs/xfs/xfs_bmap_util.c', 'int xfs_flush_range(struct xfs_inode *ip, xfs_off_t start, xfs_off_t end)', [
          '+\txfs_assert_ilocked(ip, XFS_MMAPLOCK_EXCL);',
          '+\ttruncate_pagecache_range(VFS_I(ip), start, end);',
        ]),
      ),
    },
    {
      name: 'the busy page is waited on',
      mail: mail(
        '[PATCH] fs: wait for busy pages',
        diff('fs/xfs/xfs_file.c', 'static int xfs_wait_busy(struct inode *inode)', [
          '+\tpage = dax_layout_busy_page(inode->i_mapping);',
          '+\tif (!page)',
          '+\t\treturn 0;',
          '+\treturn dax_wait_page_idle(page, xfs_wait_dax_page, inode);',
        ]),
      ),
    },
  ],
  invalid: [
    'invalid/01-xfs-new-ioctl-frees-blocks-without-break.patch',
    'invalid/02-fuse-setattr-drops-break-layouts.patch',
    'invalid/03-ext4-insert-range-left-out.patch',
    {
      name: 'dax_layout_busy_page() called for its side effect only',
      mail: mail(
        '[PATCH] ext4: unmap before truncate',
        diff('fs/ext4/inode.c', 'static int ext4_unmap_range(struct inode *inode)', [
          '+\tdax_layout_busy_page(inode->i_mapping);',
          '+\treturn 0;',
        ]),
      ),
      errors: [{ messageId: 'busyPageIgnored', file: 'fs/ext4/inode.c', line: 100 }],
    },
  ],
});
