import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('./', import.meta.url);

describe('src/c', () => {
  it('is shared analysis: nothing in it imports a rule (a rule\'s own knowledge lives beside it in rules/<id>/)', () => {
    const offenders = readdirSync(DIR).filter((f) => f.endsWith('.ts'))
      .filter((f) => /from '(?:\.\.\/)+rules\//.test(readFileSync(new URL(f, DIR), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
