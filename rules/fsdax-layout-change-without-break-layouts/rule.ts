import { isCodeFile } from '../../src/c/code-file.js';
import { lineOf, type CodeFragment } from '../../src/c/fragment.js';
import {
  BUSY_PAGE,
  addsBreaks,
  discardedBusyPages,
  helperBreakMap,
  mayBreakBetween,
  removedBreaks,
  unbrokenLayoutChanges,
} from './layout-change.js';
import type { CallSite } from '../../src/c/scope.js';
import type { Token } from '../../src/c/tokenize.js';
import { commit, lore } from '../../src/engine/cite.js';
import { defineRule } from '../../src/engine/define-rule.js';
import { callExcerpt } from '../../src/engine/rule-context.js';
import { atLeast } from '../../src/era/target-era.js';
import type { DiffFile } from '../../src/model/diff.js';

export type MessageIds = 'noBreakLayouts' | 'breakRemoved' | 'busyPageIgnored';

// Filesystems where every regular file may be DAX (per-inode DAX, v5.8+), and since which release
// they break layouts; fuse only for its DAX (virtiofs) paths.
const ALWAYS_DAX: readonly [RegExp, string][] = [
  [/^fs\/xfs\//, 'v4.18'],
  [/^fs\/ext4\//, 'v4.19'],
];
const DAX_WORD = /^(?:FUSE_IS_DAX|IS_DAX|IS_FSDAX)$|dax/i;

/** The release since which this file's filesystem must break layouts, or null when it is not a DAX filesystem. */
function daxSince(file: DiffFile, fragment: CodeFragment, fn: string | null): string | null {
  const always = ALWAYS_DAX.find(([re]) => re.test(file.path));
  if (always !== undefined) return always[1];
  if (!file.path.startsWith('fs/') || file.path === 'fs/dax.c') return null;
  const inFn = fragment.code.filter((t) => lineOf(fragment, t).fn === fn);
  return inFn.some((t) => DAX_WORD.test(t.text) || BUSY_PAGE.test(t.text))
    ? file.path.startsWith('fs/fuse/')
      ? 'v5.10'
      : 'v4.18'
    : null;
}

export default defineRule<MessageIds>({
  id: 'fsdax-layout-change-without-break-layouts',
  meta: {
    type: 'problem',
    defaultSeverity: 'error',
    scope: 'diff',
    confidence: 'medium',
    docs: {
      description:
        "Require DAX-capable filesystems to break layouts (wait for DMA-idle DAX pages) before changing a file's block map",
      title: 'A DAX-capable filesystem changes its block map without waiting for busy DAX pages.',
    },
    era: 'v4.18 (xfs) / v4.19 (ext4) / v5.10 (fuse DAX)+; common dax_break_layout*() since v6.15',
    triggers: [
      'truncate_pagecache',
      'truncate_setsize',
      'truncate_inode_pages_range',
      'break_layout',
      'break_dax_layout',
      'dax_layout_busy_page',
      'xfs_free_file_space',
      'xfs_collapse_file_space',
      'xfs_insert_file_space',
      'xfs_flush_unmap_range',
      'setattr_size',
      'remove_space',
      'ext4_truncate',
    ],
    citations: [
      commit('5fac7408d828', 'mm, fs, dax: handle layout changes to pinned dax mappings'),
      commit('d6dc57e251a4', 'xfs, dax: introduce xfs_break_dax_layouts()'),
      commit('430657b6be89', 'ext4: handle layout changes to pinned DAX mappings'),
      commit('b1f382178d15', 'ext4: close race between direct IO and ext4_break_layouts()'),
      lore(
        '152461281488.17530.18202569789906788866.stgit@dwillia2-desk3.amr.corp.intel.com',
        'dax-dma-vs-truncate v9 (Dan Williams)',
      ),
      lore(
        'cover.8068ad144a7eea4a813670301f4d2a86a8e68ec4.1740713401.git-series.apopple@nvidia.com',
        'fs/dax: Fix ZONE_DEVICE page reference counts (v6.15, dax_break_layout())',
      ),
    ],
    background: ['docs/knowledge/longterm-vs-shortterm-pins.md', 'docs/knowledge/gup-api-history.md'],
    messages: {
      noBreakLayouts:
        '{{fn}}() takes the invalidate lock ({{lock}}) and then calls {{op}}() without waiting for busy DAX pages. On ' +
        'DAX the page is the filesystem block: if a page of this range is still pinned for DMA when its block is ' +
        "freed or moved, the device can write into another file's data. Call the break-layouts helper " +
        '({{helper}}) under the invalidate lock before removing the pages and extents.',
      breakRemoved:
        'This removes {{removed}}() from {{fn}}(), which still calls {{op}}() under the invalidate lock, and nothing ' +
        'visible in the patch or series breaks layouts in its place. On DAX a block still pinned for DMA could then be ' +
        'freed or reused while the device writes to it. Keep the break-layouts call, or move it into a helper that ' +
        'runs under the invalidate lock before the layout change.',
      busyPageIgnored:
        'The page returned by {{call}}() is discarded. dax_layout_busy_page*() only unmaps the range and reports the ' +
        'first DAX page that is still busy (pinned for DMA); the caller has to wait until that page is idle and retry ' +
        '(as the break-layouts helpers do) before changing the block map.',
    },
  },
  check(ctx) {
    if (!atLeast(ctx.era, 'v4.18')) return;
    const fresh = ctx.codeFiles().map((f) => ({ file: f, fragment: ctx.code(f, 'new') }));
    const siblings = (ctx.series?.patches ?? [])
      .filter((p) => p !== ctx.patch)
      .flatMap((p) => p.diff)
      .filter((f) => isCodeFile(f, 'new'))
      .map((f) => ctx.code(f, 'new'));
    const helpers = helperBreakMap([...fresh.map((x) => x.fragment), ...siblings]);
    const olds = ctx.codeFiles({ side: 'old' }).map((f) => ({ file: f, fragment: ctx.code(f, 'old') }));
    const key = (c: { lock: CallSite; op: CallSite }): string => `${c.lock.call.name}:${c.op.call.name}`;
    const before = new Set(olds.flatMap((o) => unbrokenLayoutChanges(o.fragment)).map(key));
    for (const { file, fragment } of fresh) {
      const old = olds.find((o) => o.file === file);
      const removed = old === undefined ? new Map<string | null, Token[]>() : removedBreaks(old.fragment);
      for (const change of unbrokenLayoutChanges(fragment)) {
        const since = daxSince(file, fragment, change.fn);
        // Before the fs gained its helper there was nothing to call, unless this patch adds it.
        if (
          since === null ||
          (!atLeast(ctx.era, since) && !addsBreaks(fragment)) ||
          /break_.*layout/.test(change.fn ?? '')
        )
          continue;
        if (mayBreakBetween(change, (name) => helpers.get(name) ?? null)) continue;
        const dropped = removed.get(change.fn) ?? [];
        // New code counts unless the same sequence existed before (moved); unchanged code only when this
        // patch adds break-layouts calls to the file and misses this path (Dave Chinner on ext4 insert range).
        const changed = change.lock.changed || change.op.changed;
        if (dropped.length === 0 && (changed ? before.has(key(change)) : !addsBreaks(fragment))) continue;
        const messageId: MessageIds = dropped.length > 0 ? 'breakRemoved' : 'noBreakLayouts';
        // The op is quoted; the report points at whichever of the two the patch touched.
        ctx.reportAtLine(fragment, [change.op, change.lock].find((s) => s.changed)?.line ?? change.op.line, {
          messageId,
          data: {
            fn: change.fn ?? 'this function',
            lock: `${change.lock.call.name}()`,
            op: change.op.call.name,
            removed: dropped[0]?.text ?? '',
            helper: file.path.includes('xfs')
              ? 'xfs_break_layouts(inode, &iolock, BREAK_UNMAP)'
              : file.path.includes('ext4')
                ? 'ext4_break_layouts()'
                : file.path.includes('fuse')
                  ? 'fuse_dax_break_layouts()'
                  : 'dax_break_layout()',
          },
          excerpt: callExcerpt(change.op),
        });
      }
      for (const busy of discardedBusyPages(fragment)) {
        if (daxSince(file, fragment, busy.fn) === null && !/^fs\/dax\.c$/.test(file.path)) continue;
        ctx.reportAt(fragment, busy, { messageId: 'busyPageIgnored', data: { call: busy.call.name } });
      }
    }
  },
});
