import { describe, expect, it } from 'vitest';
import { findCalls, MAX_CALL_TOKENS } from './find-calls.js';
import { codeTokens, tokenizeLines } from './tokenize.js';

const calls = (lines: string[], names = ['get_user_pages', 'pin_user_pages_fast']) =>
  findCalls(codeTokens(tokenizeLines(lines)), (n) => names.includes(n));

describe('findCalls', () => {
  it('reads arguments spanning lines, nested parentheses included', () => {
    const [call] = calls([
      '\tpinned = pin_user_pages_fast(cur_base,',
      '\t\tmin_t(unsigned long, npages,',
      '\t\t      PAGE_SIZE / sizeof(struct page *)),',
      '\t\tgup_flags | FOLL_LONGTERM, page_list);',
    ]);
    expect(call?.complete).toBe(true);
    expect(call?.args.map((a) => a.text)).toEqual([
      'cur_base',
      'min_t(unsigned long, npages, PAGE_SIZE / sizeof(struct page *))',
      'gup_flags | FOLL_LONGTERM',
      'page_list',
    ]);
    expect(call?.args[2]?.tokens.map((t) => t.line)).toEqual([3, 3, 3]);
  });

  it('skips declarations, definitions, macros and member calls', () => {
    expect(
      calls([
        'long get_user_pages(unsigned long start, unsigned long nr_pages);',
        'struct page *get_user_pages(int x);',
        '#define get_user_pages(a) foo(a)',
        'ops->get_user_pages(x); s.get_user_pages(y);',
      ]),
    ).toEqual([]);
  });

  it('accepts calls after return, casts, operators and keywords', () => {
    const found = calls([
      'return get_user_pages(a, b, c, d);',
      'x = (long)get_user_pages(1);',
      'if (!get_user_pages(2)) y = a * get_user_pages(3);',
    ]);
    expect(found.map((c) => c.args[0]?.text)).toEqual(['a', '1', '2', '3']);
  });

  it('marks a call cut off by the end of the fragment as incomplete', () => {
    const [call] = calls(['ret = get_user_pages(start, nr,']);
    expect(call?.complete).toBe(false);
    expect(call?.args.map((a) => a.text)).toEqual(['start', 'nr', '']);
  });

  it('does not cross unit (hunk) boundaries', () => {
    const tokens = codeTokens(tokenizeLines(['x = get_user_pages(a,', 'b);']));
    const [call] = findCalls(
      tokens,
      (n) => n === 'get_user_pages',
      (t) => t.line,
    );
    expect(call?.complete).toBe(false);
    expect(call?.args.map((a) => a.text)).toEqual(['a', '']);
  });

  it('reads f() as no arguments', () => {
    expect(calls(['get_user_pages();'])[0]?.args).toEqual([]);
  });
});

describe('findCalls on unclosed calls', () => {
  it('reads each call for at most MAX_CALL_TOKENS tokens, not the rest of the hunk', () => {
    const lines = Array.from({ length: 200 }, () => `pin_user_pages(${'('.repeat(100)}`);
    const calls = findCalls(codeTokens(tokenizeLines(lines)), (n) => n === 'pin_user_pages');
    expect(calls).toHaveLength(200);
    expect(calls.every((c) => !c.complete && c.tokens.length <= MAX_CALL_TOKENS)).toBe(true);
  });
});
