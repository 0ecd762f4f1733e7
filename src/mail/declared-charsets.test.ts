import { describe, expect, it } from 'vitest';
import { declaredCharsets } from './declared-charsets.js';

describe('declaredCharsets', () => {
  it('finds labels in Content-Type headers and their continuation lines only', () => {
    const raw = Buffer.from(
      [
        'Content-Type: multipart/mixed; boundary="B"',
        '',
        '--B',
        'Content-Type: text/plain; charset=y',
        '',
        'body mentions charset=zzz in prose',
        '--B',
        'Content-Type: text/plain;',
        '\tformat=flowed; charset="ISO-8859-15"',
        '',
        '+<meta charset=utf-8>',
        '--B--',
      ].join('\n'),
    );
    expect(declaredCharsets(raw)).toEqual(['y', 'iso-8859-15']);
  });
});
