import { describe, expect, it } from 'vitest';
import { isCodeFile } from '../c/code-file.js';
import { findCallSites } from '../c/scope.js';
import { hunkUnits } from '../c/text-units.js';
import { parseDiff } from '../diff/parse-diff.js';
import type { ReportDescriptor } from './rule.js';
import { codeHelpers } from './rule-context.js';

const diffOf = (path: string, hunk: readonly string[]) =>
  [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunk].join('\n');
const HDR = '@@ -10,4 +10,5 @@ static int pin(struct mm_struct *mm)';
const PIN = [
  HDR,
  ' \tret = pin_user_pages(start, nr,',
  '-\t\t\tFOLL_WRITE, pages);',
  '+\t\t\tFOLL_WRITE |',
  '+\t\t\tFOLL_LONGTERM, pages);',
  ' \treturn ret;',
  ' }',
];

function helpers(text: string) {
  const diff = parseDiff(text);
  const reports: ReportDescriptor<string>[] = [];
  return { diff, reports, ctx: codeHelpers(diff, (d) => reports.push(d)) };
}

describe('codeFiles', () => {
  const text = [
    diffOf('mm/gup.c', PIN),
    diffOf('rust/kernel/pages.rs', [HDR, '+\tlet x = 1;']),
    diffOf('Documentation/core-api/pin_user_pages.rst', ['@@ -1,1 +1,2 @@', ' Pins', '+pin_user_pages(FOLL_LONGTERM)']),
    'diff --git a/mm/gone.c b/mm/gone.c\ndeleted file mode 100644\n--- a/mm/gone.c\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-int gone;',
    'diff --git a/fw/blob.h b/fw/blob.h\nindex 1..2 100644\nBinary files a/fw/blob.h and b/fw/blob.h differ',
  ].join('\n');

  it('keeps source files with hunks on the side asked for, not docs, binaries or the other side', () => {
    const { ctx } = helpers(text);
    expect(ctx.codeFiles().map((f) => f.path)).toEqual(['mm/gup.c', 'rust/kernel/pages.rs']);
    expect(ctx.codeFiles({ side: 'old' }).map((f) => f.path)).toEqual([
      'mm/gup.c',
      'rust/kernel/pages.rs',
      'mm/gone.c',
    ]);
  });

  it('agrees with isCodeFile, the predicate the src/c helpers use', () => {
    const { diff, ctx } = helpers(text);
    expect(ctx.codeFiles()).toEqual(diff.filter((f) => isCodeFile(f, 'new')));
  });
});

describe('reports in code', () => {
  it('points a call at its first added line and quotes the call', () => {
    const { diff, reports, ctx } = helpers(diffOf('mm/gup.c', PIN));
    const file = diff[0]!;
    const code = ctx.code(file, 'new');
    expect(ctx.code(file, 'new')).toBe(code);
    const [site] = findCallSites(code, (n) => n === 'pin_user_pages');
    ctx.reportAt(code, site!, { messageId: 'm' });
    // The name is on context line 10; the patch changed the flags on line 11.
    expect(reports).toEqual([
      {
        messageId: 'm',
        at: { file: 'mm/gup.c', line: 11, side: 'new' },
        excerpt: 'pin_user_pages(start, nr, FOLL_WRITE | FOLL_LONGTERM, pages)',
      },
    ]);
  });

  it('falls back to the line of the name for an unchanged call, and bounds the quote', () => {
    const long = `x${'y'.repeat(300)}`;
    const { diff, reports, ctx } = helpers(
      diffOf('mm/a.c', ['@@ -1,2 +1,3 @@', ` \tfoo(${long});`, '+\tbar();', ' }']),
    );
    const code = ctx.code(diff[0]!, 'new');
    ctx.reportAt(code, findCallSites(code, (n) => n === 'foo')[0]!, { messageId: 'm' });
    expect(reports[0]?.at).toEqual({ file: 'mm/a.c', line: 1, side: 'new' });
    expect(reports[0]?.excerpt).toHaveLength(240);
  });

  it('reports a token or line on the side of its code, with the line as the quote unless given', () => {
    const { diff, reports, ctx } = helpers(diffOf('mm/gup.c', PIN));
    const old = ctx.code(diff[0]!, 'old');
    const removed = old.code.find((t) => t.text === 'FOLL_WRITE')!;
    ctx.reportAtToken(old, removed, { messageId: 'm' });
    ctx.reportAtLine(old, old.lines[0]!, { messageId: 'm', excerpt: 'quoted' });
    expect(reports).toEqual([
      { messageId: 'm', at: { file: 'mm/gup.c', line: 11, side: 'old' }, excerpt: 'FOLL_WRITE, pages);' },
      { messageId: 'm', at: { file: 'mm/gup.c', line: 10, side: 'old' }, excerpt: 'quoted' },
    ]);
  });

  it('reports a line of a hunk as text', () => {
    const { diff, reports, ctx } = helpers(
      diffOf('docs/vm.txt', ['@@ -4,1 +4,2 @@', ' -machine q35', '+  -object memory-backend-file,share=on ']),
    );
    ctx.reportAtTextLine(hunkUnits(diff[0]!)[0]!, 1, { messageId: 'm' });
    expect(reports).toEqual([
      {
        messageId: 'm',
        at: { file: 'docs/vm.txt', line: 5, side: 'new' },
        excerpt: '-object memory-backend-file,share=on',
      },
    ]);
  });
});
