import { describe, expect, it } from 'vitest';
import { flagUse } from './flag-use.js';
import { codeTokens, tokenizeLines } from './tokenize.js';

/** The use of the first (or `nth`) occurrence of `flag` in `line`. */
function use(line: string, flag = 'FOLL_LONGTERM', nth = 0): string {
  const code = codeTokens(tokenizeLines(line.split('\n')));
  const hits = code.map((t, i) => (t.text === flag ? i : -1)).filter((i) => i >= 0);
  const index = hits[nth];
  if (index === undefined) throw new Error(`${flag} not in ${line}`);
  return flagUse(code, index);
}

describe('flagUse', () => {
  it.each([
    'gup_flags |= FOLL_LONGTERM;',
    'unsigned int gup_flags = FOLL_WRITE | FOLL_LONGTERM;',
    'ret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);',
    'ret = get_user_pages(addr, n, (write ? FOLL_WRITE : 0) | FOLL_LONGTERM, pages);',
    'struct kvm_follow_pfn kfp = { .flags = FOLL_LONGTERM, };',
    'return FOLL_LONGTERM;',
    'flags = write ? FOLL_WRITE | FOLL_LONGTERM : FOLL_LONGTERM;',
  ])('set: %s', (line) => {
    expect(use(line)).toBe('set');
  });

  it.each([
    'if (gup_flags & FOLL_LONGTERM)',
    'if (WARN_ON_ONCE(gup_flags & FOLL_LONGTERM))',
    'if (!(flags & (FOLL_PIN | FOLL_LONGTERM)))',
    'bool lt = flags & FOLL_LONGTERM;',
    'if ((flags & FOLL_LONGTERM) == FOLL_LONGTERM)',
    'if (FOLL_LONGTERM & flags)',
  ])('test: %s', (line) => {
    expect(use(line)).toBe('test');
  });

  it.each(['gup_flags &= ~FOLL_LONGTERM;', 'flags = flags & ~(FOLL_WRITE | FOLL_LONGTERM);'])('clear: %s', (line) => {
    expect(use(line)).toBe('clear');
  });

  it('sees directives as macros', () => {
    expect(use('#define FOLL_LONGTERM 0x100')).toBe('macro');
    expect(use('#define MY_FLAGS \\\n\t(FOLL_WRITE | FOLL_LONGTERM)')).toBe('macro');
  });

  it('classifies the second operand of an equality test', () => {
    expect(use('if ((gup_flags & (FOLL_PIN | FOLL_GET)) == (FOLL_PIN | FOLL_GET))', 'FOLL_PIN', 1)).toBe('test');
  });
});
