import { describe, expect, it } from 'vitest';
import { codeTokens, startsInsideComment, tokenizeLines } from './tokenize.js';

const texts = (lines: string[]): string[] => codeTokens(tokenizeLines(lines)).map((t) => t.text);

describe('tokenizeLines', () => {
  it('splits identifiers, numbers and multi-character punctuators', () => {
    expect(texts(['flags |= FOLL_WRITE; x->y >>= 0x1fUL;'])).toEqual([
      'flags',
      '|=',
      'FOLL_WRITE',
      ';',
      'x',
      '->',
      'y',
      '>>=',
      '0x1fUL',
      ';',
    ]);
  });

  it('keeps block comments spanning lines as one token with its line range', () => {
    const tokens = tokenizeLines(['a = 1; /* get_user_pages(', ' * x) */ b = 2;']);
    const comment = tokens.find((t) => t.kind === 'comment');
    expect(comment).toMatchObject({ line: 0, endLine: 1, text: '/* get_user_pages(\n * x) */' });
    expect(codeTokens(tokens).map((t) => t.text)).toEqual(['a', '=', '1', ';', 'b', '=', '2', ';']);
  });

  it('ends a // comment at the line end and hides what is inside strings', () => {
    expect(texts(['f("a /* b", \'"\'); // pin_user_pages(x)', 'g();'])).toEqual([
      'f',
      '(',
      '"a /* b"',
      ',',
      "'\"'",
      ')',
      ';',
      'g',
      '(',
      ')',
      ';',
    ]);
  });

  it('handles escaped quotes and unterminated literals', () => {
    const tokens = tokenizeLines(['s = "say \\"hi\\""; t = "open']);
    expect(tokens.filter((t) => t.kind === 'string').map((t) => t.text)).toEqual(['"say \\"hi\\""', '"open']);
  });

  it('can start inside a comment and marks preprocessor lines', () => {
    const tokens = tokenizeLines([' * get_user_pages() usages.', ' */', '#define X(a) \\', '\tfoo(a)', 'y;'], {
      startInComment: true,
    });
    expect(codeTokens(tokens).map((t) => `${t.text}${t.preproc ? '#' : ''}`)).toEqual([
      '##',
      'define#',
      'X#',
      '(#',
      'a#',
      ')#',
      '\\#',
      'foo#',
      '(#',
      'a#',
      ')#',
      'y',
      ';',
    ]);
  });

  it('never throws on odd input', () => {
    expect(() => tokenizeLines(['@@@ `` \u00e9 /*', ''])).not.toThrow();
  });
});

describe('startsInsideComment', () => {
  it.each([
    [[' * MAP_SYNC on a dax mapping', ' */', 'static bool x;'], true],
    [['\tfoo();', ' */'], true],
    [['/* a */', 'x();'], false],
    [['\t*ptr = 1;'], false],
    [['s = "*/";'], false],
  ])('%j → %s', (lines, expected) => {
    expect(startsInsideComment(lines)).toBe(expected);
  });
});
