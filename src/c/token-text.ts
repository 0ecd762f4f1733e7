import type { Token } from './tokenize.js';

/**
 * Source-like text for a token run: tokens on one line keep their spacing (collapsed to one
 * space), tokens on different lines are joined with one space. `flags |\n FOLL_LONGTERM` →
 * `flags | FOLL_LONGTERM`.
 */
export function tokensText(tokens: readonly Token[]): string {
  let out = '';
  let prev: Token | undefined;
  for (const t of tokens) {
    if (prev !== undefined) {
      const gap = prev.endLine !== t.line || t.col > prev.col + prev.text.length;
      if (gap) out += ' ';
    }
    out += t.text;
    prev = t;
  }
  return out;
}
