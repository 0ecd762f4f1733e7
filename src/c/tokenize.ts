/**
 * A C lexer for diff fragments. It never fails: unknown bytes become one-character punctuators,
 * an unterminated string or char literal ends at the end of its line, an unterminated block
 * comment runs to the end of the fragment.
 *
 * Fragments start and stop anywhere, so the caller can say that the first line is already inside
 * a block comment (see startsInsideComment).
 */

export type TokenKind = 'ident' | 'number' | 'string' | 'char' | 'punct' | 'comment';

export interface Token {
  readonly kind: TokenKind;
  /** Source text; a block comment spanning lines keeps its '\n's. */
  readonly text: string;
  /** Index of the line (in the array given to tokenizeLines) where the token starts. */
  readonly line: number;
  /** Index of the line where it ends (differs only for block comments). */
  readonly endLine: number;
  readonly col: number;
  /** Part of a preprocessor directive (#define, #if …, continuation lines included). */
  readonly preproc: boolean;
}

export interface TokenizeOptions {
  /** The first line begins inside a block comment opened before the fragment. */
  readonly startInComment?: boolean;
}

// Longest first, so '>>=' wins over '>>' and '>'.
const PUNCTUATORS = [
  '>>=',
  '<<=',
  '...',
  '->',
  '++',
  '--',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '^=',
  '|=',
  '##',
];

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[\w$]/;

interface Cursor {
  line: number;
  col: number;
}

/** Tokenizes the lines of one fragment; comments are tokens too (filter with codeTokens). */
export function tokenizeLines(lines: readonly string[], options: TokenizeOptions = {}): Token[] {
  const tokens: Token[] = [];
  let inComment = options.startInComment ?? false;
  let commentText = '';
  let commentStart: Cursor = { line: 0, col: 0 };
  let preprocContinues = false;

  for (let ln = 0; ln < lines.length; ln++) {
    const text = lines[ln] ?? '';
    const preproc: boolean = preprocContinues || (!inComment && /^\s*#/.test(text));
    preprocContinues = preproc && text.endsWith('\\');
    let i = 0;
    const push = (kind: TokenKind, start: number, end: number): void => {
      tokens.push({ kind, text: text.slice(start, end), line: ln, endLine: ln, col: start, preproc });
    };
    while (i < text.length) {
      if (inComment) {
        const close = text.indexOf('*/', i);
        const end = close === -1 ? text.length : close + 2;
        commentText += text.slice(i, end);
        i = end;
        if (close !== -1) {
          inComment = false;
          tokens.push({
            kind: 'comment',
            text: commentText,
            line: commentStart.line,
            endLine: ln,
            col: commentStart.col,
            preproc,
          });
        }
        continue;
      }
      const c = text.charAt(i);
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      if (text.startsWith('/*', i)) {
        inComment = true;
        commentText = '';
        commentStart = { line: ln, col: i };
        continue;
      }
      if (text.startsWith('//', i)) {
        push('comment', i, text.length);
        break;
      }
      if (c === '"' || c === "'") {
        const end = literalEnd(text, i);
        push(c === '"' ? 'string' : 'char', i, end);
        i = end;
        continue;
      }
      if (/\d/.test(c) || (c === '.' && /\d/.test(text.charAt(i + 1)))) {
        const end = numberEnd(text, i);
        push('number', i, end);
        i = end;
        continue;
      }
      if (IDENT_START.test(c)) {
        let end = i + 1;
        while (end < text.length && IDENT_PART.test(text.charAt(end))) end++;
        push('ident', i, end);
        i = end;
        continue;
      }
      const op = PUNCTUATORS.find((p) => text.startsWith(p, i)) ?? c;
      push('punct', i, i + op.length);
      i += op.length;
    }
    if (inComment) commentText += '\n';
  }
  if (inComment) {
    tokens.push({
      kind: 'comment',
      text: commentText.replace(/\n$/, ''),
      line: commentStart.line,
      endLine: lines.length - 1,
      col: commentStart.col,
      preproc: false,
    });
  }
  return tokens;
}

/** End (exclusive) of the string or char literal opening at `start`; the line end if unterminated. */
function literalEnd(text: string, start: number): number {
  const quote = text.charAt(start);
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) return i + 1;
    i++;
  }
  return text.length;
}

/** C pp-number: digits, letters, '.', and signs after an exponent letter (1e+5, 0x1p-3). */
function numberEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if ((c === '+' || c === '-') && /[eEpP]/.test(text.charAt(i - 1))) {
      i++;
      continue;
    }
    if (!/[\w.]/.test(c)) break;
    i++;
  }
  return i;
}

/** Only the tokens the compiler sees (no comments). */
export function codeTokens(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'comment');
}

/**
 * Guesses whether a fragment starts inside a block comment opened above it: true when its first
 * line looks like a comment continuation (' * text'), or when a '*' '/' appears before any '/' '*'
 * (outside string literals and line comments), as in a hunk that begins mid kernel-doc block.
 */
export function startsInsideComment(lines: readonly string[]): boolean {
  // A kernel-doc continuation line (' * text' or a bare ' *') opening the fragment.
  const first = lines.find((l) => l.trim() !== '');
  if (first !== undefined && /^\s*\*(?:\s|$)/.test(first)) return true;
  for (const text of lines) {
    let i = 0;
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '"' || c === "'") {
        i = literalEnd(text, i);
        continue;
      }
      if (text.startsWith('//', i)) break;
      if (text.startsWith('/*', i)) return false;
      if (text.startsWith('*/', i)) return true;
      i++;
    }
  }
  return false;
}
