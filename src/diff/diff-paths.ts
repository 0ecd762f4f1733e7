/**
 * File paths in diff headers, as git and GNU diff write them.
 *
 * Forms seen: `a/path` / `b/path` (git), `/dev/null` (added/deleted side), `"a/with\ttab"`
 * (git C-quoting for unusual names), `path\t2017-07-25 20:36:53.000000000 +0200` (GNU diff
 * timestamps), `path (revision 1234)` / `path (working copy)` (svn), `linux.orig/fs/x.c`
 * vs `linux/fs/x.c` (hand-made `diff -urN` trees).
 */

const GNU_TIMESTAMP = /\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [+-]\d{4}$/;
const SVN_SUFFIX = /\s+\((?:revision \d+|working copy|nonexistent)\)$/;
const C_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  '"': '"',
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  r: '\r',
  v: '\v',
};

/** Undoes git's C-style quoting ("a/caf\303\251") when the name is quoted. */
export function unquoteGitPath(raw: string): string {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return raw;
  const bytes: number[] = [];
  const body = raw.slice(1, -1);
  let i = 0;
  while (i < body.length) {
    const bs = body.indexOf('\\', i);
    const runEnd = bs === -1 ? body.length : bs;
    if (runEnd > i) bytes.push(...Buffer.from(body.slice(i, runEnd), 'utf8'));
    if (bs === -1) break;
    const octal = /^[0-7]{3}/.exec(body.slice(bs + 1, bs + 4));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i = bs + 4;
    } else {
      const next = body[bs + 1] ?? '';
      bytes.push(...Buffer.from(C_ESCAPES[next] ?? next, 'utf8'));
      i = bs + 2;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A `---`/`+++` path with its timestamp or svn suffix removed; null for /dev/null. */
export function cleanHeaderPath(raw: string): string | null {
  let p = raw;
  const tab = p.indexOf('\t');
  if (tab !== -1) p = p.slice(0, tab);
  p = p.replace(GNU_TIMESTAMP, '').replace(SVN_SUFFIX, '').trimEnd();
  p = unquoteGitPath(p);
  return p === '/dev/null' ? null : p;
}

function firstComponent(p: string): { head: string; rest: string } | null {
  const slash = p.indexOf('/');
  return slash <= 0 ? null : { head: p.slice(0, slash), rest: p.slice(slash + 1) };
}

/**
 * Strips the leading tree component the way `git apply -p1` would, but only when it is
 * evidently a prefix: git's `a/`+`b/`, or two different tree names over the same rest
 * (`linux.orig/fs/x.c` vs `linux/fs/x.c`). svn diffs (`fs/x.c` on both sides) keep their path.
 */
export function stripTreePrefixes(
  oldPath: string | null,
  newPath: string | null,
  gitStyle: boolean,
): [string | null, string | null] {
  const o = oldPath === null ? null : firstComponent(oldPath);
  const n = newPath === null ? null : firstComponent(newPath);
  const gitPrefix =
    (oldPath === null || o?.head === 'a') && (newPath === null || n?.head === 'b') && (o !== null || n !== null);
  const treePrefix = !gitStyle && o !== null && n !== null && o.head !== n.head && o.rest === n.rest;
  if (!gitPrefix && !treePrefix) return [oldPath, newPath];
  return [o === null ? oldPath : o.rest, n === null ? newPath : n.rest];
}

/**
 * Paths from a `diff --git a/x b/y` line, used when no `---`/`+++` or rename lines say more
 * (mode-only and binary changes). Names with spaces are split where both halves agree.
 */
export function parseGitHeaderPaths(line: string): [string, string] | null {
  const rest = line.slice('diff --git '.length);
  if (rest.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*") (.+)$/.exec(rest);
    if (!m?.[1] || !m[2]) return null;
    return [unquoteGitPath(m[1]), unquoteGitPath(m[2])];
  }
  // `a/X b/X`: with identical names the split point is the middle of the string.
  const mid = (rest.length - 1) / 2;
  if (Number.isInteger(mid) && rest[mid] === ' ' && rest.slice(2, mid) === rest.slice(mid + 3)) {
    return [rest.slice(0, mid), rest.slice(mid + 1)];
  }
  const sep = rest.indexOf(' b/');
  if (sep === -1) {
    const sp = rest.indexOf(' ');
    return sp === -1 ? null : [rest.slice(0, sp), unquoteGitPath(rest.slice(sp + 1))];
  }
  return [rest.slice(0, sep), unquoteGitPath(rest.slice(sep + 1))];
}
