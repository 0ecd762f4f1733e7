/** A sentence of a prose block, with its offsets in the block text. */
export interface Sentence {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// "e.g." and friends end with a period but not a sentence.
const ABBREVIATION = /\b(?:e\.g|i\.e|etc|vs|cf|approx|resp|al|incl)\.$/i;

/**
 * Splits prose into sentences: at '.', '!' or '?' followed by whitespace (not after an
 * abbreviation such as "e.g."), at ':' ending a line, and at blank lines. Good enough for
 * commit messages, comments and documentation; code-like text stays in one piece.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const emit = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body !== '')
      out.push({ text: body.replace(/\s+/g, ' '), start: start + lead, end: start + lead + body.length });
    start = end;
  };
  const boundary = /[.!?](?=\s)|:(?=[ \t]*\n)|\n[ \t]*\n/g;
  for (let m = boundary.exec(text); m !== null; m = boundary.exec(text)) {
    const end = m.index + (m[0].startsWith('\n') ? 0 : 1);
    if (m[0] === '.' && ABBREVIATION.test(text.slice(Math.max(0, end - 8), end))) continue;
    emit(end);
  }
  emit(text.length);
  return out;
}
