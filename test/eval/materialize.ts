/**
 * `npm run eval:cases`: writes every evaluation case file (dev/cases/, test/cases/) from the public
 * git histories its source id names. The case files are not committed (they are third-party code,
 * kept out of this repository's history); sources.tsv says exactly how each is rebuilt.
 *
 * Mirrors are looked up as $EVAL_MIRROR/<owner>+<repo>/repo (bare git directories; default
 * /work/.mirror, where the workplace's fetch tool puts them).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { casesDir, readSources, type SourceRow } from './eval-files.js';
import { SPLITS, type Split } from './split.js';

const mirrorRoot = process.env.EVAL_MIRROR ?? '/work/.mirror';

interface GitSource {
  readonly repo: string;
  readonly sha: string;
  readonly path: string | null;
  readonly pathspec: readonly string[];
}

function parseGitSource(source: string): GitSource {
  const m = /^github:([^/]+\/[^@]+)@([0-9a-f]{40})(?::(\S+))?(?: -- (.+))?$/.exec(source);
  if (!m) throw new Error(`not a git source id: ${source}`);
  return { repo: m[1]!, sha: m[2]!, path: m[3] ?? null, pathspec: m[4] ? m[4].split(' ') : [] };
}

function git(repo: string, args: readonly string[]): string {
  const dir = `${mirrorRoot}/${repo.replace('/', '+')}/repo`;
  if (!existsSync(dir))
    throw new Error(`no mirror of ${repo} at ${dir}: fetch github:${repo} first, or set EVAL_MIRROR`);
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Merged code shown as a patch that adds the file: what a reviewer sees when code is posted anew. */
function fileAsPatch(src: GitSource, path: string): string {
  const [author, date] = git(src.repo, ['log', '-1', '--format=%an <%ae>%n%aD', src.sha]).split('\n');
  const body = git(src.repo, ['show', `${src.sha}:${path}`]);
  const lines = body.endsWith('\n') ? body.slice(0, -1).split('\n') : body.split('\n');
  return [
    `From ${src.sha} Mon Sep 17 00:00:00 2001`,
    `From: ${author}`,
    `Date: ${date}`,
    `Subject: [PATCH] ${path}: add (as merged in ${src.repo} ${src.sha.slice(0, 12)})`,
    '',
    `The file ${path} as it stands in ${src.repo} at ${src.sha}, presented as a new file.`,
    '---',
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((l) => `+${l}`),
    '-- ',
    '2.43.0',
    '',
  ].join('\n');
}

function gitCase(source: string): string {
  const src = parseGitSource(source);
  if (src.path === null) return git(src.repo, ['format-patch', '-1', '--stdout', src.sha, '--', ...src.pathspec]);
  // A .patch file a repository carries (a kernel patch series) is already a mail.
  if (src.path.endsWith('.patch')) return git(src.repo, ['show', `${src.sha}:${src.path}`]);
  return fileAsPatch(src, src.path);
}

interface Derivation {
  readonly base: string;
  readonly replace: readonly (readonly [string, string])[];
}

/** A near-miss variant: the base case with the documented replacements, each of which must match exactly once. */
function derivedCase(split: Split, row: SourceRow): string {
  const d = JSON.parse(row.derivation) as Derivation;
  let text = readFileSync(new URL(d.base, casesDir(split)), 'utf8');
  for (const [from, to] of d.replace) {
    const n = text.split(from).length - 1;
    if (n !== 1) throw new Error(`${row.file}: '${from}' occurs ${n} times in ${d.base}, not once`);
    text = text.replace(from, () => to);
  }
  return text;
}

function materialize(split: Split): number {
  const dir = casesDir(split);
  mkdirSync(dir, { recursive: true });
  const rows = readSources(split);
  // Real cases first: derived ones are built from them.
  for (const row of [...rows].sort(
    (a, b) => Number(a.source.startsWith('derived:')) - Number(b.source.startsWith('derived:')),
  )) {
    const text = row.source.startsWith('derived:') ? derivedCase(split, row) : gitCase(row.source);
    writeFileSync(new URL(row.file, dir), text);
  }
  return rows.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const split of SPLITS)
    console.log(`${split}: ${materialize(split)} cases written to ${fileURLToPath(casesDir(split))}`);
}
