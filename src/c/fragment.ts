import type { DiffFile, DiffLineKind } from '../model/diff.js';
import type { Side } from '../model/finding.js';
import { enclosingFunctions } from './enclosing-function.js';
import { codeTokens, startsInsideComment, tokenizeLines, type Token } from './tokenize.js';

/** One diff line as seen from one side of the change. */
export interface FragmentLine {
  readonly text: string;
  readonly kind: DiffLineKind;
  /** Index of the hunk in file.hunks. */
  readonly hunk: number;
  /** Index of the line in that hunk's lines. */
  readonly index: number;
  readonly newLine: number | null;
  readonly oldLine: number | null;
  /** Enclosing function (see enclosing-function.ts), null when unknown. */
  readonly fn: string | null;
}

/**
 * The code of one file as one side of the patch shows it: the new side is context + added lines,
 * the old side context + removed lines, hunk after hunk. Each hunk is lexed on its own (the text
 * between hunks is unknown), so no token, call or statement spans two hunks. Every token's `line`
 * indexes `lines`.
 */
export interface CodeFragment {
  readonly file: DiffFile;
  readonly side: Side;
  readonly lines: readonly FragmentLine[];
  /** Every token, comments included. */
  readonly tokens: readonly Token[];
  /** Tokens without comments. */
  readonly code: readonly Token[];
}

// Most rules build the same fragments of the same files: lexing each once keeps a review linear
// in the diff's size (a hostile 100k-token hunk was lexed again by every rule). DiffFiles are
// immutable, so the cache is keyed by the object and dies with it.
const fragments = new WeakMap<DiffFile, Partial<Record<Side, CodeFragment>>>();

/** The fragment for one side of a file's diff (built once per file and side). */
export function buildFragment(file: DiffFile, side: Side): CodeFragment {
  let sides = fragments.get(file);
  if (sides === undefined) fragments.set(file, (sides = {}));
  return (sides[side] ??= lexFragment(file, side));
}

function lexFragment(file: DiffFile, side: Side): CodeFragment {
  const lines: FragmentLine[] = [];
  const tokens: Token[] = [];
  const dropped = side === 'new' ? 'del' : 'add';
  file.hunks.forEach((hunk, h) => {
    const picked = hunk.lines.map((l, index) => ({ l, index })).filter(({ l }) => l.kind !== dropped);
    const texts = picked.map(({ l }) => l.text);
    const fns = enclosingFunctions(hunk.functionName, texts);
    const offset = lines.length;
    picked.forEach(({ l, index }, i) => {
      lines.push({
        text: l.text,
        kind: l.kind,
        hunk: h,
        index,
        newLine: l.newLine,
        oldLine: l.oldLine,
        fn: fns[i] ?? null,
      });
    });
    const hunkTokens = tokenizeLines(texts, { startInComment: startsInsideComment(texts) });
    for (const t of hunkTokens) tokens.push({ ...t, line: t.line + offset, endLine: t.endLine + offset });
  });
  return { file, side, lines, tokens, code: codeTokens(tokens) };
}

/** The fragment line a token starts on. */
export function lineOf(fragment: CodeFragment, token: Token): FragmentLine {
  const line = fragment.lines[token.line];
  if (line === undefined) throw new Error(`token line ${token.line} outside fragment`);
  return line;
}

/** True when the token sits on a changed line of its side (added for new, removed for old). */
export function isChanged(fragment: CodeFragment, token: Token): boolean {
  return lineOf(fragment, token).kind !== 'context';
}

/** The file line number of a fragment line on the fragment's side. */
export function sideLineNumber(fragment: CodeFragment, line: FragmentLine): number | null {
  return fragment.side === 'new' ? line.newLine : line.oldLine;
}
