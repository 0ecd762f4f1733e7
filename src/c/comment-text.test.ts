import { describe, expect, it } from 'vitest';
import { commentLines, stringLiteralText } from './comment-text.js';

describe('commentLines', () => {
  it('strips block comment syntax line by line', () => {
    expect(commentLines('/*\n * MAP_SYNC on a dax mapping\n * guarantees metadata.\n */')).toEqual([
      '',
      'MAP_SYNC on a dax mapping',
      'guarantees metadata.',
      '',
    ]);
    expect(commentLines('/** kernel-doc */')).toEqual(['kernel-doc']);
  });

  it('strips // comments', () => {
    expect(commentLines('// retry without MAP_SYNC')).toEqual(['retry without MAP_SYNC']);
  });
});

describe('stringLiteralText', () => {
  it('drops quotes and turns escapes into text', () => {
    expect(stringLiteralText('"can\\\'t map \\"x\\" with MAP_SYNC\\n"')).toBe('can\'t map "x" with MAP_SYNC ');
    expect(stringLiteralText('L"wide"')).toBe('wide');
  });
});
