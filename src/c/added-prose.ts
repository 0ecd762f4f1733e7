import type { DiffFile } from '../model/diff.js';
import { isCodePath } from './code-file.js';
import { commentLines, stringLiteralText } from './comment-text.js';
import { buildFragment, type CodeFragment, type FragmentLine } from './fragment.js';
import { splitSentences } from './sentences.js';
import type { Token } from './tokenize.js';

/** One line's worth of prose and the diff line it came from. */
export interface ProsePiece {
  readonly text: string;
  readonly line: FragmentLine;
}

/** Prose on the new side of a file: a comment, a run of string literals, or a documentation hunk. */
export interface ProseBlock {
  readonly origin: 'comment' | 'string' | 'doc';
  readonly pieces: readonly ProsePiece[];
}

/** A sentence of a block and the diff lines it spans. */
export interface ProseSentence {
  readonly text: string;
  readonly lines: readonly FragmentLine[];
}

const DOC_FILE =
  /^(?:Documentation|docs?)\/|\.(?:txt|rst|md|texi|hx|[1-9])$|(?:^|\/)(?:Kconfig[^/]*|README[^/]*)$|^qapi\/.*\.json$/;

/** Whether a path holds documentation or help text rather than code. */
export function isDocFile(path: string): boolean {
  return DOC_FILE.test(path);
}

/**
 * Prose on the new side of `file` that touches at least one added line: comments and string
 * literals of source files, every hunk of documentation files. Other files yield nothing.
 */
export function addedProse(file: DiffFile): ProseBlock[] {
  if (file.newPath === null || file.binary) return [];
  const doc = isDocFile(file.path);
  // Preprocessed assembly (.S) carries C comments, though no code the rules read.
  if (!doc && !isCodePath(file.path) && !file.path.endsWith('.S')) return [];
  const fragment = buildFragment(file, 'new');
  const blocks = doc ? docBlocks(fragment) : [...commentBlocks(fragment), ...stringBlocks(fragment)];
  return blocks.filter((b) => b.pieces.some((p) => p.line.kind === 'add'));
}

function line(fragment: CodeFragment, index: number): FragmentLine {
  const l = fragment.lines[index];
  if (l === undefined) throw new Error(`line ${index} outside fragment`);
  return l;
}

function docBlocks(fragment: CodeFragment): ProseBlock[] {
  const byHunk = new Map<number, ProsePiece[]>();
  for (const l of fragment.lines) {
    const pieces = byHunk.get(l.hunk) ?? [];
    pieces.push({ text: l.text, line: l });
    byHunk.set(l.hunk, pieces);
  }
  return [...byHunk.values()].map((pieces) => ({ origin: 'doc', pieces }));
}

function commentBlocks(fragment: CodeFragment): ProseBlock[] {
  const blocks: ProsePiece[][] = [];
  let prev: Token | undefined;
  for (const t of fragment.tokens) {
    if (t.kind !== 'comment') {
      prev = t;
      continue;
    }
    const pieces = commentLines(t.text).map((text, k) => ({ text, line: line(fragment, t.line + k) }));
    // Consecutive `//` lines read as one comment.
    const joins =
      prev?.kind === 'comment' && prev.text.startsWith('//') && t.text.startsWith('//') && t.line === prev.endLine + 1;
    if (joins) blocks.at(-1)?.push(...pieces);
    else blocks.push(pieces);
    prev = t;
  }
  return blocks.map((pieces) => ({ origin: 'comment', pieces }));
}

/** Adjacent literals ("a" "b", possibly on several lines) form one string. */
function stringBlocks(fragment: CodeFragment): ProseBlock[] {
  const blocks: ProsePiece[][] = [];
  let prev: Token | undefined;
  for (const t of fragment.code) {
    if (t.kind === 'string') {
      const piece = { text: stringLiteralText(t.text), line: line(fragment, t.line) };
      const last = blocks.at(-1)?.at(-1);
      if (prev?.kind === 'string' && last !== undefined) {
        if (last.line === piece.line) blocks.at(-1)?.splice(-1, 1, { text: last.text + piece.text, line: last.line });
        else blocks.at(-1)?.push(piece);
      } else {
        blocks.push([piece]);
      }
    }
    prev = t;
  }
  return blocks.map((pieces) => ({ origin: 'string', pieces }));
}

/** The sentences of a block with the diff lines each one spans. */
export function proseSentences(block: ProseBlock): ProseSentence[] {
  const starts: number[] = [];
  let text = '';
  for (const p of block.pieces) {
    if (starts.length > 0) text += block.origin === 'string' ? ' ' : '\n';
    starts.push(text.length);
    text += p.text;
  }
  return splitSentences(text).map((s) => ({
    text: s.text,
    lines: block.pieces
      .filter((_, k) => {
        const from = starts[k] ?? 0;
        const to = from + (block.pieces[k]?.text.length ?? 0);
        return from < s.end && to > s.start;
      })
      .map((p) => p.line),
  }));
}
