/**
 * Splits a decoded text/plain patch body into commit message, notes and diff, the way
 * `git am` / git-mailinfo reads a `git format-patch` mail:
 *
 * ```
 * commit message …            ← commitMessage (trailers included)
 * Signed-off-by: …
 * ---                         ← first line that is exactly '---' above the diff
 * v2: changed …               ← notes (changelog, diffstat)
 *  fs/dax.c | 2 +-
 * diff --git a/fs/dax.c …     ← diffText starts here (diffBodyLine)
 * …hunks, read by their line counts…
 * --                          ← signature: not part of the diff, nor is anything after it
 * 2.34.1
 * ```
 *
 * The commit message and notes stop at a `-- ` (or bare `--`) signature line before the diff.
 *
 * A diff starts at `diff --git `, at a plain `diff -u` header (`--- ` then `+++ ` then `@@ `,
 * edge 0033) or at an svn/quilt `Index: ` line followed by `====`. Lines quoted with `>` never
 * start a diff, so a review reply quoting a patch has no diff of its own.
 */
import { scanDiff, type DiffScan } from '../diff/scan-diff.js';

export interface BodyParts {
  /** Text above the `---` separator (or above the diff), blank lines trimmed at both ends. */
  readonly commitMessage: string;
  /** Text between `---` and the diff (diffstat, changelog), blank lines trimmed; '' when none. */
  readonly notes: string;
  /** The diff exactly as found (CRs kept), cut after its last hunk; null when there is none. */
  readonly diffText: string | null;
  /** 1-based line of the body where the diff starts, null without a diff. */
  readonly diffBodyLine: number | null;
}

/** Index of the first line that starts a diff, or -1. */
export function findDiffStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    switch (line.charCodeAt(0)) {
      case 0x64: // 'd'
        if (line.startsWith('diff --git ')) return i;
        break;
      case 0x2d: // '-'
        if (
          line.startsWith('--- ') &&
          (lines[i + 1] ?? '').startsWith('+++ ') &&
          (lines[i + 2] ?? '').startsWith('@@ ')
        )
          return i;
        break;
      case 0x49: // 'I'
        if (line.startsWith('Index: ') && (lines[i + 1] ?? '').startsWith('====')) return i;
        break;
      default:
        break;
    }
  }
  return -1;
}

/** Joins lines[from, to) after dropping blank lines at both ends (indentation is kept). */
function joinTrimmed(lines: readonly string[], from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && (lines[a] ?? '').trim() === '') a++;
  while (b > a && (lines[b - 1] ?? '').trim() === '') b--;
  return lines.slice(a, b).join('\n');
}

/** Splits a decoded body (LF or CRLF) into commit message, notes and diff. */
export function splitBody(text: string): BodyParts {
  return splitBodyScanned(text).parts;
}

/**
 * {@link splitBody}, also returning the diff scan it made to find the diff's end, so that
 * parseMessage can build the DiffFiles from it instead of splitting and scanning again.
 */
export function splitBodyScanned(text: string): { parts: BodyParts; scan: DiffScan | null } {
  const raw = text.split('\n');
  // Work on CR-free lines; diffText is cut from `text` itself so it stays byte-for-byte.
  const lines = text.includes('\r') ? raw.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) : raw;
  const start = findDiffStart(lines);
  // The prose ends at the diff, or at the `-- ` signature of a mail without one (a review reply
  // signed after its Reviewed-by, edge 0003): a signature is never commit message.
  // `--` without its space: some clients (Thunderbird, edge 0016) lose the trailing blank.
  const sig = lines.findIndex((l) => l === '-- ' || l === '--');
  const limit = Math.min(start === -1 ? lines.length : start, sig === -1 ? lines.length : sig);
  const sep = lines.indexOf('---');
  const hasSep = sep !== -1 && sep < limit;
  const commitMessage = joinTrimmed(lines, 0, hasSep ? sep : limit);
  const notes = hasSep ? joinTrimmed(lines, sep + 1, limit) : '';
  if (start === -1) return { parts: { commitMessage, notes, diffText: null, diffBodyLine: null }, scan: null };

  const scan = scanDiff(lines, start);
  const { end } = scan;
  let from = 0;
  for (let i = 0; i < start; i++) from += (raw[i] ?? '').length + 1;
  let to = from;
  for (let i = start; i < end; i++) to += (raw[i] ?? '').length + 1;
  const diffText = text.slice(from, Math.min(to, text.length));
  return { parts: { commitMessage, notes, diffText, diffBodyLine: start + 1 }, scan };
}
