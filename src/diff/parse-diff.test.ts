import { describe, expect, it } from 'vitest';
import type { DiffFile } from '../model/diff.js';
import { parseDiff } from './parse-diff.js';

/** Joins lines with LF; snippets below are copied from the corpus (source noted per case). */
const L = (...lines: string[]): string => lines.join('\n');

type FileSummary = Pick<
  DiffFile,
  | 'path'
  | 'oldPath'
  | 'newPath'
  | 'status'
  | 'binary'
  | 'oldMode'
  | 'newMode'
  | 'similarity'
  | 'additions'
  | 'deletions'
> & { hunks: number };

const summary = (f: DiffFile): FileSummary => ({
  path: f.path,
  oldPath: f.oldPath,
  newPath: f.newPath,
  status: f.status,
  binary: f.binary,
  oldMode: f.oldMode,
  newMode: f.newMode,
  similarity: f.similarity,
  additions: f.additions,
  deletions: f.deletions,
  hunks: f.hunks.length,
});

const modified = (
  path: string,
  additions: number,
  deletions: number,
  hunks = 1,
  mode: string | null = '100644',
): FileSummary => ({
  path,
  oldPath: path,
  newPath: path,
  status: 'modified',
  binary: false,
  oldMode: mode,
  newMode: mode,
  similarity: null,
  additions,
  deletions,
  hunks,
});

// nvdimm archive, "[ndctl PATCH] build: remove m4/.gitignore" style: deleted file, then signature.
const DELETED = L(
  'diff --git a/m4/.gitignore b/m4/.gitignore',
  'deleted file mode 100644',
  'index 8bab51c..0000000',
  '--- a/m4/.gitignore',
  '+++ /dev/null',
  '@@ -1,6 +0,0 @@',
  '-libtool.m4',
  '-ltoptions.m4',
  '-ltsugar.m4',
  '-ltversion.m4',
  '-lt~obsolete.m4',
  '-',
  '-- ',
  '2.36.1',
  '',
);

// edge 0017: new file.
const ADDED = L(
  'diff --git a/_posts/2017-09-01-qemu-2-10-0.md b/_posts/2017-09-01-qemu-2-10-0.md',
  'new file mode 100644',
  'index 0000000..adb1c89',
  '--- /dev/null',
  '+++ b/_posts/2017-09-01-qemu-2-10-0.md',
  '@@ -0,0 +1,3 @@',
  '+---',
  '+layout: post',
  '+title:  "QEMU version 2.10.0 released"',
);

// edge 0008: rename with a hunk, then a pure rename (similarity 100%, no hunks).
const RENAMES = L(
  'diff --git a/hw/i2c/i2c-ddc.c b/hw/display/i2c-ddc.c',
  'similarity index 99%',
  'rename from hw/i2c/i2c-ddc.c',
  'rename to hw/display/i2c-ddc.c',
  'index 7aa8727771..9fe5403a92 100644',
  '--- a/hw/i2c/i2c-ddc.c',
  '+++ b/hw/display/i2c-ddc.c',
  '@@ -20,7 +20,7 @@',
  ' #include "qemu-common.h"',
  ' #include "qemu/log.h"',
  ' #include "hw/i2c/i2c.h"',
  '-#include "hw/i2c/i2c-ddc.h"',
  '+#include "hw/display/i2c-ddc.h"',
  ' ',
  ' #ifndef DEBUG_I2CDDC',
  ' #define DEBUG_I2CDDC 0',
  'diff --git a/include/hw/i2c/i2c-ddc.h b/include/hw/display/i2c-ddc.h',
  'similarity index 100%',
  'rename from include/hw/i2c/i2c-ddc.h',
  'rename to include/hw/display/i2c-ddc.h',
  '-- ',
  '2.20.1',
);

// edge 0021: mode-only changes, no hunks at all.
const MODE_ONLY = L(
  'diff --git a/tests/qemu-iotests/096 b/tests/qemu-iotests/096',
  'old mode 100644',
  'new mode 100755',
  'diff --git a/tests/qemu-iotests/129 b/tests/qemu-iotests/129',
  'old mode 100644',
  'new mode 100755',
  '-- ',
  '2.14.3',
);

// edge 0033 (xen-devel): plain `diff -u`, CRLF, no diff --git / index line, blank line after.
const PLAIN_CRLF = [
  '--- a/xen/common/memory.c',
  '+++ b/xen/common/memory.c',
  '@@ -854,8 +854,9 @@ int xenmem_add_to_physmap(struct domain',
  '             ++extra.ppage;',
  ' ',
  "         /* Check for continuation if it's not the last iteration. */",
  '-        if ( (++done >= ARRAY_SIZE(pages) && extra.ppage) ||',
  '-             (xatp->size > done && hypercall_preempt_check()) )',
  '+        if ( xatp->size > ++done &&',
  '+             ((done >= ARRAY_SIZE(pages) && extra.ppage) ||',
  '+              hypercall_preempt_check()) )',
  '         {',
  '             rc = start + done;',
  '             break;',
  '',
  '',
].join('\r\n');

// nvdimm archive (linux-acpi, quilt): `Index:` + `=====` + tree-prefixed ---/+++ paths.
const QUILT = L(
  'Index: linux-pm/drivers/acpi/button.c',
  '===================================================================',
  '--- linux-pm.orig/drivers/acpi/button.c',
  '+++ linux-pm/drivers/acpi/button.c',
  '@@ -135,7 +135,6 @@ static const struct dmi_system_id dmi_li',
  ' ',
  ' static int acpi_button_add(struct acpi_device *device);',
  ' static void acpi_button_remove(struct acpi_device *device);',
  '-static void acpi_button_notify(struct acpi_device *device, u32 event);',
  ' ',
  ' #ifdef CONFIG_PM_SLEEP',
  ' static int acpi_button_suspend(struct device *dev);',
);

// Binary, copy and no-newline forms exactly as git emits them (none occurs in the corpus).
const BINARY = L(
  'diff --git a/docs/logo.png b/docs/logo.png',
  'new file mode 100644',
  'index 0000000..3c9a1b2',
  'GIT binary patch',
  'literal 12',
  'TcmZ?wbhEHb6krfwFaQB!0}%jg',
  '',
  'literal 0',
  'HcmV?d00001',
  '',
  'diff --git a/tests/data.bin b/tests/data.bin',
  'index 1111111..2222222 100644',
  'Binary files a/tests/data.bin and b/tests/data.bin differ',
);
const COPY = L(
  'diff --git a/util/filter.c b/ndctl/filter.c',
  'similarity index 88%',
  'copy from util/filter.c',
  'copy to ndctl/filter.c',
);
const NO_NEWLINE = L(
  'diff --git a/VERSION b/VERSION',
  'index 1e6fd03..b4a4b3d 100644',
  '--- a/VERSION',
  '+++ b/VERSION',
  '@@ -1 +1 @@',
  '-8.0.0',
  '\\ No newline at end of file',
  '+8.1.0',
  '\\ No newline at end of file',
  '-- ',
  '2.34.1',
);

describe('parseDiff: file statuses', () => {
  const cases: { name: string; text: string; files: FileSummary[] }[] = [
    {
      name: 'deleted file (nvdimm)',
      text: DELETED,
      files: [
        {
          path: 'm4/.gitignore',
          oldPath: 'm4/.gitignore',
          newPath: null,
          status: 'deleted',
          binary: false,
          oldMode: '100644',
          newMode: null,
          similarity: null,
          additions: 0,
          deletions: 6,
          hunks: 1,
        },
      ],
    },
    {
      name: 'new file (edge 0017)',
      text: ADDED,
      files: [
        {
          path: '_posts/2017-09-01-qemu-2-10-0.md',
          oldPath: null,
          newPath: '_posts/2017-09-01-qemu-2-10-0.md',
          status: 'added',
          binary: false,
          oldMode: null,
          newMode: '100644',
          similarity: null,
          additions: 3,
          deletions: 0,
          hunks: 1,
        },
      ],
    },
    {
      name: 'renames (edge 0008)',
      text: RENAMES,
      files: [
        {
          path: 'hw/display/i2c-ddc.c',
          oldPath: 'hw/i2c/i2c-ddc.c',
          newPath: 'hw/display/i2c-ddc.c',
          status: 'renamed',
          binary: false,
          oldMode: '100644',
          newMode: '100644',
          similarity: 99,
          additions: 1,
          deletions: 1,
          hunks: 1,
        },
        {
          path: 'include/hw/display/i2c-ddc.h',
          oldPath: 'include/hw/i2c/i2c-ddc.h',
          newPath: 'include/hw/display/i2c-ddc.h',
          status: 'renamed',
          binary: false,
          oldMode: null,
          newMode: null,
          similarity: 100,
          additions: 0,
          deletions: 0,
          hunks: 0,
        },
      ],
    },
    {
      name: 'mode-only (edge 0021)',
      text: MODE_ONLY,
      files: ['096', '129'].map((n) => ({
        path: `tests/qemu-iotests/${n}`,
        oldPath: `tests/qemu-iotests/${n}`,
        newPath: `tests/qemu-iotests/${n}`,
        status: 'mode-change' as const,
        binary: false,
        oldMode: '100644',
        newMode: '100755',
        similarity: null,
        additions: 0,
        deletions: 0,
        hunks: 0,
      })),
    },
    {
      name: 'plain diff -u with CRLF (edge 0033)',
      text: PLAIN_CRLF,
      files: [modified('xen/common/memory.c', 3, 2, 1, null)],
    },
    { name: 'quilt Index: section (nvdimm)', text: QUILT, files: [modified('drivers/acpi/button.c', 0, 1, 1, null)] },
    {
      name: 'GIT binary patch and Binary files … differ',
      text: BINARY,
      files: [
        {
          path: 'docs/logo.png',
          oldPath: null,
          newPath: 'docs/logo.png',
          status: 'added',
          binary: true,
          oldMode: null,
          newMode: '100644',
          similarity: null,
          additions: 0,
          deletions: 0,
          hunks: 0,
        },
        { ...modified('tests/data.bin', 0, 0, 0), binary: true },
      ],
    },
    {
      name: 'copy',
      text: COPY,
      files: [
        {
          path: 'ndctl/filter.c',
          oldPath: 'util/filter.c',
          newPath: 'ndctl/filter.c',
          status: 'copied',
          binary: false,
          oldMode: null,
          newMode: null,
          similarity: 88,
          additions: 0,
          deletions: 0,
          hunks: 0,
        },
      ],
    },
    { name: 'no newline at end of file', text: NO_NEWLINE, files: [modified('VERSION', 1, 1)] },
    { name: 'no diff at all', text: 'Reviewed-by: A <a@b.c>\n', files: [] },
  ];
  it.each(cases)('$name', ({ text, files }) => {
    expect(parseDiff(text).map(summary)).toEqual(files);
  });
});

describe('parseDiff: lines and hunks', () => {
  it('numbers every line on both sides and strips CR (edge 0033)', () => {
    const [file] = parseDiff(PLAIN_CRLF);
    const hunk = file!.hunks[0]!;
    expect(hunk).toMatchObject({
      oldStart: 854,
      oldLines: 8,
      newStart: 854,
      newLines: 9,
      functionName: 'int xenmem_add_to_physmap(struct domain',
    });
    expect(hunk.lines).toHaveLength(11);
    expect(hunk.lines[0]).toEqual({ kind: 'context', text: '            ++extra.ppage;', oldLine: 854, newLine: 854 });
    expect(hunk.lines[3]).toMatchObject({ kind: 'del', oldLine: 857, newLine: null });
    expect(hunk.lines[5]).toEqual({
      kind: 'add',
      text: '        if ( xatp->size > ++done &&',
      oldLine: null,
      newLine: 857,
    });
    expect(hunk.lines[10]).toMatchObject({ kind: 'context', text: '            break;', oldLine: 861, newLine: 862 });
    expect(hunk.lines.some((l) => l.text.includes('\r'))).toBe(false);
  });

  it('never reads the signature or version line as diff lines', () => {
    const [file] = parseDiff(DELETED);
    const texts = file!.hunks[0]!.lines.map((l) => l.text);
    expect(texts).toEqual(['libtool.m4', 'ltoptions.m4', 'ltsugar.m4', 'ltversion.m4', 'lt~obsolete.m4', '']);
    expect(texts).not.toContain('2.36.1');
  });

  it('does not turn "\\ No newline at end of file" into a line', () => {
    const lines = parseDiff(NO_NEWLINE)[0]!.hunks[0]!.lines;
    expect(lines).toEqual([
      { kind: 'del', text: '8.0.0', oldLine: 1, newLine: null },
      { kind: 'add', text: '8.1.0', oldLine: null, newLine: 1 },
    ]);
  });

  it('functionName is null when nothing follows the second @@', () => {
    expect(parseDiff(RENAMES)[0]!.hunks[0]!.functionName).toBeNull();
  });

  it('stops a truncated hunk at the first non-hunk line and warns', () => {
    const warnings: string[] = [];
    const text = L('--- a/foo', '+++ b/foo', '@@ -1,3 +1,3 @@', ' a', '-b', 'Thanks,', 'Jan');
    const [file] = parseDiff(text, warnings);
    expect(file!.hunks[0]!.lines.map((l) => l.text)).toEqual(['a', 'b']);
    expect(warnings).toEqual([expect.stringContaining('ends early')]);
  });

  it('keeps a "--- " deletion line inside a hunk (read by counts, not by shape)', () => {
    const text = L('--- a/doc.md', '+++ b/doc.md', '@@ -1,2 +1,1 @@', '--- old rule', ' keep');
    const [file] = parseDiff(text);
    expect(file!.hunks[0]!.lines).toEqual([
      { kind: 'del', text: '-- old rule', oldLine: 1, newLine: null },
      { kind: 'context', text: 'keep', oldLine: 2, newLine: 1 },
    ]);
  });
});
