/** The new-side code fragment of one file whose hunk adds exactly `lines` (for unit tests of src/c and rule analyses). */
import { buildFragment, type CodeFragment } from '../../src/c/fragment.js';
import { parseDiff } from '../../src/diff/parse-diff.js';

export function addedFragment(lines: readonly string[], options: { path?: string; fn?: string } = {}): CodeFragment {
  const path = options.path ?? 'm.c';
  const diff = parseDiff(
    [
      `diff --git a/${path} b/${path}`,
      `--- a/${path}`,
      `+++ b/${path}`,
      `@@ -1,0 +1,${String(lines.length)} @@${options.fn === undefined ? '' : ` ${options.fn}`}`,
      ...lines.map((l) => `+${l}`),
    ].join('\n'),
  );
  const file = diff[0];
  if (file === undefined) throw new Error('addedFragment: the diff did not parse');
  return buildFragment(file, 'new');
}
