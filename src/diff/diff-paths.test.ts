import { describe, expect, it } from 'vitest';
import { cleanHeaderPath, parseGitHeaderPaths, stripTreePrefixes, unquoteGitPath } from './diff-paths.js';

describe('diff paths', () => {
  it.each<[string, string, string | null]>([
    ['git side', 'a/fs/dax.c', 'a/fs/dax.c'],
    ['/dev/null', '/dev/null', null],
    [
      'GNU diff timestamp after a tab',
      'xen/common/memory.c.orig\t2020-12-04 11:00:00.000000000 +0100',
      'xen/common/memory.c.orig',
    ],
    ['svn revision', 'fs/dax.c (revision 1234)', 'fs/dax.c'],
    ['git C-quoting', '"b/caf\\303\\251.txt"', 'b/café.txt'],
  ])('cleanHeaderPath: %s', (_name, raw, want) => {
    expect(cleanHeaderPath(raw)).toBe(want);
  });

  it.each<[string, string | null, string | null, boolean, [string | null, string | null]]>([
    ['git a/ b/', 'a/fs/dax.c', 'b/fs/dax.c', true, ['fs/dax.c', 'fs/dax.c']],
    ['new file', null, 'b/fs/new.c', true, [null, 'fs/new.c']],
    [
      'quilt trees (nvdimm linux-acpi)',
      'linux-pm.orig/drivers/acpi/bus.c',
      'linux-pm/drivers/acpi/bus.c',
      false,
      ['drivers/acpi/bus.c', 'drivers/acpi/bus.c'],
    ],
    ['svn paths stay', 'fs/dax.c', 'fs/dax.c', false, ['fs/dax.c', 'fs/dax.c']],
    ['--no-prefix git diff stays', 'fs/dax.c', 'fs/dax.c', true, ['fs/dax.c', 'fs/dax.c']],
  ])('stripTreePrefixes: %s', (_name, o, n, git, want) => {
    expect(stripTreePrefixes(o, n, git)).toEqual(want);
  });

  it.each<[string, [string, string] | null]>([
    [
      'diff --git a/tests/qemu-iotests/096 b/tests/qemu-iotests/096',
      ['a/tests/qemu-iotests/096', 'b/tests/qemu-iotests/096'],
    ],
    ['diff --git a/my b/file b/my b/file', ['a/my b/file', 'b/my b/file']],
    ['diff --git a/util/filter.c b/ndctl/filter.c', ['a/util/filter.c', 'b/ndctl/filter.c']],
    ['diff --git "a/x\\ty" "b/x\\ty"', ['a/x\ty', 'b/x\ty']],
  ])('parseGitHeaderPaths: %s', (line, want) => {
    expect(parseGitHeaderPaths(line)).toEqual(want);
  });

  it('leaves unquoted names alone', () => {
    expect(unquoteGitPath('a/plain')).toBe('a/plain');
  });
});
