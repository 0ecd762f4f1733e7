import { describe, expect, it } from 'vitest';
import { codeFence, escapeMarkdown, escapeTableCell, markdownLink, safeLinkUrl } from './markdown-escape.js';

const ZWJ = '\u200D';

describe('escapeMarkdown', () => {
  it('breaks an attempted @-mention (and a team mention)', () => {
    const out = escapeMarkdown('cc @maintainers and @qemu/devs please');
    expect(out).toContain(`@${ZWJ}maintainers`);
    expect(out).toContain(`@${ZWJ}qemu`);
    expect(out).not.toMatch(/@[A-Za-z]/);
  });

  it('breaks issue auto-links: #123, GH-123, owner/repo#5', () => {
    const out = escapeMarkdown('fixes #123, GH-45 and qemu/qemu#5');
    expect(out).not.toMatch(/#\d/);
    expect(out).not.toMatch(/GH-\d/);
    expect(out).not.toMatch(/GH\\-\d/);
  });

  it('neutralises HTML tags and entities', () => {
    const out = escapeMarkdown('<img src=x onerror=alert(1)> &lt;b&gt; <!-- x -->');
    expect(out).not.toContain('<');
    expect(out).not.toContain('>');
    expect(out).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(out).toContain('&amp;lt;b&amp;gt;');
  });

  it('backslash-escapes Markdown specials', () => {
    expect(escapeMarkdown('*bold* _em_ [link](http://x) `code` ~~s~~ | pipe')).toBe(
      '\\*bold\\* \\_em\\_ \\[link\\]\\(http://x\\) \\`code\\` \\~\\~s\\~\\~ \\| pipe',
    );
  });

  it('keeps plain words and line breaks', () => {
    expect(escapeMarkdown('plain words\nsecond line')).toBe('plain words\nsecond line');
  });
});

describe('escapeTableCell', () => {
  it('folds lines and escapes pipes', () => {
    expect(escapeTableCell('a | b\n  c')).toBe('a \\| b c');
  });
});

describe('codeFence', () => {
  it('uses three backticks for plain code', () => {
    expect(codeFence('int x;', 'c')).toBe('```c\nint x;\n```');
  });

  it('uses a fence longer than any backtick run inside the code', () => {
    const code = 'a ```\n```` b\n```';
    const fenced = codeFence(code);
    expect(fenced.startsWith('`````\n')).toBe(true);
    expect(fenced.endsWith('\n`````')).toBe(true);
    expect(fenced.split('\n').slice(1, -1).join('\n')).toBe(code);
  });

  it('drops an info string that is not a plain word', () => {
    expect(codeFence('x', 'c onload=1')).toBe('```\nx\n```');
  });
});

describe('links', () => {
  it('refuses non-http targets', () => {
    expect(safeLinkUrl('javascript:alert(1)')).toBeNull();
    expect(markdownLink('x', 'javascript:alert(1)')).toBe('x');
  });

  it('encodes characters that would end the target', () => {
    expect(markdownLink('doc', 'https://example.org/a_(b)')).toBe('[doc](https://example.org/a_%28b%29)');
  });
});
