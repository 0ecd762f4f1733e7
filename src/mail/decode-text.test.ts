import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeMixedLines, isKnownCharset } from './decode-text.js';

describe('decodeBytes', () => {
  it.each<[string, Buffer, string | undefined, string, number]>([
    ['declared iso-8859-1 (edge 0005)', Buffer.from('Alex Benn\xe9e', 'latin1'), 'iso-8859-1', 'Alex Bennée', 0],
    ['UTF-8 under a bogus label (edge 0007 charset=y)', Buffer.from('won’t', 'utf8'), 'y', 'won’t', 1],
    ['us-ascii label with UTF-8 bytes', Buffer.from('Daudé', 'utf8'), 'us-ascii', 'Daudé', 0],
    ['no label', Buffer.from('plain'), undefined, 'plain', 0],
    [
      'cp1252 quotes declared UTF-8 (edge 0010)',
      Buffer.from('the \x91> \x85\x92 text', 'latin1'),
      'UTF-8',
      'the ‘> …’ text',
      1,
    ],
  ])('%s', (_name, bytes, charset, want, nWarnings) => {
    const warnings: string[] = [];
    expect(decodeBytes(bytes, charset, warnings, 'part')).toBe(want);
    expect(warnings).toHaveLength(nWarnings);
  });

  it('decodes line by line so valid UTF-8 lines survive next to cp1252 ones', () => {
    const bytes = Buffer.concat([Buffer.from('Mathieu-Daudé\n', 'utf8'), Buffer.from('\x93quoted\x94', 'latin1')]);
    expect(decodeMixedLines(bytes)).toBe('Mathieu-Daudé\n“quoted”');
  });

  it('knows real labels and rejects made-up ones', () => {
    expect(isKnownCharset('ISO-8859-15')).toBe(true);
    expect(isKnownCharset('y')).toBe(false);
  });
});

describe('decodeBytes: cp1252 family', () => {
  it('reads 0x80..0x9F of a part declared iso-8859-1 as cp1252 punctuation', () => {
    const warnings: string[] = [];
    expect(decodeBytes(Buffer.from('\x93Caf\xe9\x94 \x96 ok', 'latin1'), 'ISO-8859-1', warnings, 'part')).toBe(
      '“Café” – ok',
    );
    expect(warnings).toEqual([]);
  });
});
