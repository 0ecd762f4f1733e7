import { describe, expect, it } from 'vitest';
import { GithubConfig } from '../github/github-config.js';
import type { Finding } from '../model/finding.js';
import { renderCheckRun } from './check-run.js';
import { renderReviewComment } from './review-comment.js';

// What a pull request's author controls: file names, function names, code and commit text.
const HOSTILE_FILE = 'mm/a|b\r| x | y |\u2028| z |<!-- -->@octocat.c';
const HOSTILE_TEXT = [
  'ping @octocat and @org/team, #1 and GH-2',
  '<img src=x onerror=alert(1)> <script>x</script> <!-- hide --> -->',
  '[click](https://evil.example) ![img](https://evil.example/p.png) <https://evil.example>',
  'col | col\r| forged | row |',
].join(' ');

function hostileFinding(): Finding {
  return {
    rule: 'pin-unpin-mismatch',
    severity: 'warning',
    messageId: 'm',
    subject: HOSTILE_TEXT,
    source: 'github:o/r#1@abc',
    file: HOSTILE_FILE,
    line: 7,
    side: 'new',
    message: `get_user_pages() in ${HOSTILE_TEXT}`,
    citations: [{ title: 'Doc', url: 'https://docs.kernel.org/core-api/pin_user_pages.html' }],
    docsUrl: 'https://example.org/rules/pin-unpin-mismatch',
    excerpt: `x = 1; /* ${HOSTILE_TEXT} */ \`\`\``,
    symbol: '@octocat',
    confidence: 'high',
  };
}

/** What user text could do in a GitHub body, with our own Markdown taken out first. */
function hostileMarkup(body: string, ours: readonly string[]): string[] {
  let text = body;
  for (const o of ours) text = text.split(o).join('');
  // Code in fences is shown as is: mentions and tags do nothing there.
  text = text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
  const problems: string[] = [];
  if (/@(?=[A-Za-z0-9])/.test(text)) problems.push('a mention');
  if (/#(?=\d)|GH-(?=\d)/.test(text)) problems.push('an issue reference');
  if (/[<>]/.test(text)) problems.push('an HTML tag or comment');
  if (/(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)\[[^\]]*(?<!\\)\]/.test(text)) problems.push('a link or image');
  return problems;
}

/** Table rows and their unescaped cell separators: a row user text broke has more, or is split. */
function tableShape(summary: string): number[] {
  return summary
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .filter((l) => l.startsWith('|'))
    .map((l) => (l.match(/(?<!\\)\|/g) ?? []).length);
}

describe('GitHub bodies from a hostile pull request', () => {
  const f = hostileFinding();

  it('check run summary: nothing pings, no HTML, no link of theirs, the table keeps its shape', () => {
    const run = renderCheckRun({ findings: [f] }, GithubConfig.parse({}).conclusions);
    const ours = [
      '[pin\\-unpin\\-mismatch](https://example.org/rules/pin-unpin-mismatch)',
      '[Doc](https://docs.kernel.org/core-api/pin_user_pages.html)',
    ];
    expect(hostileMarkup(run.summary, ours)).toEqual([]);
    const shape = tableShape(run.summary);
    expect(shape.length).toBe(3); // header, separator, one finding
    expect(new Set(shape).size).toBe(1);
    // Annotations are plain text (GitHub renders no Markdown there); their path is the real file.
    expect(run.annotations.every((a) => a.path === HOSTILE_FILE)).toBe(true);
  });

  it('review comment: nothing pings, no HTML, no link of theirs, and only our marker closes a comment', () => {
    const body = renderReviewComment(f);
    const marker = /<!-- dax-review:fingerprint=[0-9a-f]+ -->$/.exec(body)?.[0] ?? 'no marker';
    const ours = [
      marker,
      '<sub>',
      '</sub>',
      '[pin\\-unpin\\-mismatch](https://example.org/rules/pin-unpin-mismatch)',
      '[about pin\\-unpin\\-mismatch](https://example.org/rules/pin-unpin-mismatch)',
      '[pin_user_pages docs](https://docs.kernel.org/core-api/pin_user_pages.html)',
      '[Doc](https://docs.kernel.org/core-api/pin_user_pages.html)',
    ];
    expect(hostileMarkup(body, ours)).toEqual([]);
    // Outside the code fence, the one `-->` is our marker's.
    const unfenced = body.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
    expect(unfenced.split('-->').length - 1).toBe(1);
    expect(unfenced.endsWith(marker)).toBe(true);
  });
});
