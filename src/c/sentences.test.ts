import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

describe('splitSentences', () => {
  it('splits on sentence ends, blank lines and line-ending colons, not on e.g.', () => {
    const text = 'MAP_SYNC is metadata only, e.g. block maps. Data needs flushes!\nAlso:\n\nNext para';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'MAP_SYNC is metadata only, e.g. block maps.',
      'Data needs flushes!',
      'Also:',
      'Next para',
    ]);
  });

  it('reports offsets into the original text', () => {
    const text = '  One.  Two\nlines.';
    const [one, two] = splitSentences(text);
    expect(text.slice(one?.start, one?.end)).toBe('One.');
    expect(two?.text).toBe('Two lines.');
  });

  it('keeps fsync(2). as a sentence end', () => {
    expect(splitSentences('without an explicit fsync(2). See mmap(2).').length).toBe(2);
  });
});
