/**
 * Line scanner for unified diffs as they appear in mail: finds file sections and reads each
 * hunk by its line counts, so whatever follows the last hunk (the `-- ` signature, a
 * `2.34.1` version line, a reply) is never taken for diff content.
 *
 * Forms seen in the corpus:
 * - `git format-patch`: `diff --git a/x b/y` + extended headers (`old mode`/`new mode`,
 *   `new file mode`, `deleted file mode`, `similarity index 99%`, `rename from`/`rename to`,
 *   `copy from`/`copy to`, `index abc..def 100644`, `Binary files … differ`, `GIT binary patch`);
 * - plain `diff -u` without a `diff --git` line (xen-devel, edge 0033);
 * - svn-style `Index: path` + `=====` before the `---`/`+++` pair.
 *
 * Input lines must already be free of CR. This module only finds structure; turning it into
 * our model is src/diff/parse-diff.ts.
 */

/** One hunk as found: the `@@` line, its declared counts and its body lines (markers kept). */
export interface ScannedHunk {
  readonly header: string;
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly functionName: string | null;
  /** Body lines with their ' ', '+', '-' marker; `\ No newline` lines are left out. */
  readonly body: readonly string[];
}

/** One file section with its raw header facts; interpretation is left to the caller. */
export interface ScannedFile {
  /** The `diff --git …` line, null for plain `diff -u` / svn sections. */
  gitHeader: string | null;
  /** Path from the `--- ` line (prefix and timestamp still on), undefined when absent. */
  minusPath: string | undefined;
  plusPath: string | undefined;
  renameFrom: string | undefined;
  renameTo: string | undefined;
  copyFrom: string | undefined;
  copyTo: string | undefined;
  oldMode: string | undefined;
  newMode: string | undefined;
  newFileMode: string | undefined;
  deletedFileMode: string | undefined;
  /** The mode on an `index a..b 100644` line (unchanged mode). */
  indexMode: string | undefined;
  similarity: number | undefined;
  binary: boolean;
  readonly hunks: ScannedHunk[];
}

/** What {@link scanDiff} found: file sections in order and the line range the diff covers. */
export interface DiffScan {
  readonly files: ScannedFile[];
  /** Index of the first line of the first file section, -1 when there is none. */
  readonly start: number;
  /** Index just past the last line that belongs to the diff (0 when there is no diff). */
  readonly end: number;
  readonly warnings: string[];
}

/** `@@ -a[,b] +c[,d] @@[ fn]`; a missing count means 1 (GNU diff / git). */
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;
const INDEX_LINE = /^index [0-9a-fA-F]+\.\.[0-9a-fA-F]+(?: (\d+))?$/;

/** Parses an `@@` line; null when the line is not a hunk header. */
export function parseHunkHeader(line: string): Omit<ScannedHunk, 'body' | 'header'> | null {
  const m = HUNK_HEADER.exec(line);
  if (!m) return null;
  const fn = (m[5] ?? '').trim();
  return {
    oldStart: Number(m[1]),
    oldLines: m[2] === undefined ? 1 : Number(m[2]),
    newStart: Number(m[3]),
    newLines: m[4] === undefined ? 1 : Number(m[4]),
    functionName: fn === '' ? null : fn,
  };
}

/** The mail signature separator: outside a hunk it ends the diff. */
function isSignature(line: string): boolean {
  return line === '-- ' || line === '--';
}

function emptyFile(gitHeader: string | null): ScannedFile {
  return {
    gitHeader,
    minusPath: undefined,
    plusPath: undefined,
    renameFrom: undefined,
    renameTo: undefined,
    copyFrom: undefined,
    copyTo: undefined,
    oldMode: undefined,
    newMode: undefined,
    newFileMode: undefined,
    deletedFileMode: undefined,
    indexMode: undefined,
    similarity: undefined,
    binary: false,
    hunks: [],
  };
}

/** Reads the `git diff` extended header lines; returns false when `line` is none of them. */
function applyGitHeaderLine(file: ScannedFile, line: string): boolean {
  const sp = line.indexOf(' ');
  const word = sp === -1 ? line : line.slice(0, sp);
  switch (word) {
    case 'old':
      return take(line, 'old mode ', (v) => (file.oldMode = v));
    case 'new':
      return (
        take(line, 'new mode ', (v) => (file.newMode = v)) ||
        take(line, 'new file mode ', (v) => (file.newFileMode = v))
      );
    case 'deleted':
      return take(line, 'deleted file mode ', (v) => (file.deletedFileMode = v));
    case 'rename':
      return (
        take(line, 'rename from ', (v) => (file.renameFrom = v)) || take(line, 'rename to ', (v) => (file.renameTo = v))
      );
    case 'copy':
      return take(line, 'copy from ', (v) => (file.copyFrom = v)) || take(line, 'copy to ', (v) => (file.copyTo = v));
    case 'similarity':
      return take(line, 'similarity index ', (v) => (file.similarity = Number.parseInt(v, 10)));
    case 'dissimilarity':
      return line.startsWith('dissimilarity index ');
    case 'index': {
      const m = INDEX_LINE.exec(line);
      if (m?.[1] !== undefined) file.indexMode = m[1];
      return m !== null;
    }
    case 'Binary':
      file.binary = line.endsWith(' differ');
      return file.binary;
    case 'GIT':
      file.binary = line === 'GIT binary patch';
      return file.binary;
    default:
      return false;
  }
}

function take(line: string, prefix: string, set: (v: string) => void): boolean {
  if (!line.startsWith(prefix)) return false;
  set(line.slice(prefix.length));
  return true;
}

/** True when lines[i] starts a `--- x` / `+++ y` pair. */
function isMinusPlusPair(lines: readonly string[], i: number): boolean {
  return (lines[i] ?? '').startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ');
}

/**
 * Reads one hunk body from lines[i] on, by the declared counts. Stops early (and reports it)
 * when a line cannot be a hunk line: the hunk was truncated or hand-edited.
 */
function readHunkBody(
  lines: readonly string[],
  i: number,
  oldLines: number,
  newLines: number,
): { body: string[]; next: number; truncated: boolean } {
  const body: string[] = [];
  let oldLeft = oldLines;
  let newLeft = newLines;
  while (oldLeft > 0 || newLeft > 0) {
    const line = lines[i];
    if (line === undefined) return { body, next: i, truncated: true };
    const c = line.charCodeAt(0);
    // An empty line inside a hunk is a blank context line whose space a mailer stripped.
    if (line === '' || c === 0x20) {
      oldLeft--;
      newLeft--;
    } else if (c === 0x2d)
      oldLeft--; // '-'
    else if (c === 0x2b)
      newLeft--; // '+'
    else if (c === 0x5c) {
      i++;
      continue;
    } // '\ No newline at end of file'
    else return { body, next: i, truncated: true };
    body.push(line);
    i++;
  }
  // The marker may follow the last line of the hunk.
  if ((lines[i] ?? '').startsWith('\\')) i++;
  return { body, next: i, truncated: false };
}

/**
 * Scans `lines` from `from` for diff file sections. Text before the first section is skipped;
 * scanning stops at the `-- ` signature. Lines between sections that are not diff syntax
 * (e.g. a `diff -urN` command line) are skipped.
 */
export function scanDiff(lines: readonly string[], from = 0): DiffScan {
  const files: ScannedFile[] = [];
  const warnings: string[] = [];
  let file: ScannedFile | null = null;
  let start = -1;
  let end = 0;
  let inBinary = false;
  let i = from;
  const open = (f: ScannedFile, at: number): ScannedFile => {
    files.push(f);
    if (start === -1) start = at;
    inBinary = false;
    return f;
  };
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.startsWith('diff --git ')) {
      file = open(emptyFile(line), i);
      end = ++i;
      continue;
    }
    if (isSignature(line)) break;
    if (line.startsWith('Index: ') && (lines[i + 1] ?? '').startsWith('====')) {
      file = open(emptyFile(null), i);
      i += 2;
      end = i;
      continue;
    }
    if (isMinusPlusPair(lines, i)) {
      // A git or svn section takes its own ---/+++ pair; anything else starts a plain section.
      const current: ScannedFile | null = file;
      const owns =
        current !== null &&
        current.hunks.length === 0 &&
        current.minusPath === undefined &&
        (current.gitHeader !== null || end === i);
      const section: ScannedFile = owns ? current : open(emptyFile(null), i);
      section.minusPath = line.slice(4);
      section.plusPath = (lines[i + 1] ?? '').slice(4);
      file = section;
      i += 2;
      end = i;
      continue;
    }
    const hunk = file === null ? null : parseHunkHeader(line);
    if (file !== null && hunk !== null) {
      const read = readHunkBody(lines, i + 1, hunk.oldLines, hunk.newLines);
      if (read.truncated) warnings.push(`hunk '${line}' ends early at line ${read.next + 1}`);
      file.hunks.push({ ...hunk, header: line, body: read.body });
      i = read.next;
      end = i;
      continue;
    }
    if (file !== null && file.hunks.length === 0 && end === i) {
      if (inBinary && /^(literal|delta) \d+$|^[A-Za-z]/.test(line)) {
        end = ++i;
        continue;
      }
      // Blank lines separate the forward and reverse blocks of a binary patch.
      if (inBinary && line === '' && /^(literal|delta) \d+$/.test(lines[i + 1] ?? '')) {
        end = ++i;
        continue;
      }
      if (file.gitHeader !== null && applyGitHeaderLine(file, line)) {
        inBinary = line === 'GIT binary patch';
        end = ++i;
        continue;
      }
    }
    i++;
  }
  return { files, start, end: files.length === 0 ? 0 : end, warnings };
}
