import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../check/check-inputs.js';
import { EMPTY_CONFIG } from '../config/project-config.js';
import { parseMessage } from '../mail/parse-message.js';
import type { PullRequestFile, PullRequestSnapshot } from './pull-request.js';
import { fileSection, pullRequestMail, pullRequestMailText, pullRequestMessageId } from './pull-request-mail.js';
import { reviewPullRequest } from './review-pull-request.js';

const ref = { installationId: null, owner: 'octo', repo: 'linux', pull: 7, headSha: 'a'.repeat(40) };

function snapshot(over: Partial<PullRequestSnapshot> = {}): PullRequestSnapshot {
  return {
    ref,
    title: 'mm: fix it',
    body: 'PR description',
    author: 'octocat',
    htmlUrl: 'https://github.com/octo/linux/pull/7',
    files: [{ filename: 'mm/x.c', previousFilename: null, status: 'modified', patch: '@@ -1,2 +1,2 @@\n a\n-b\n+c' }],
    commits: [
      {
        sha: 'b'.repeat(40),
        message: 'mm: fix it\n\nBecause.\n\nSigned-off-by: A U Thor <a@example.org>',
        authorName: 'A U Thor',
        authorEmail: 'a@example.org',
        date: '2020-05-27T22:32:43Z',
      },
    ],
    ...over,
  };
}

describe('pullRequestMail', () => {
  it('is a format-patch mail: headers, commit message, ---, diff', async () => {
    const mail = await pullRequestMail(snapshot());
    expect(mail.from).toEqual({ name: 'A U Thor', address: 'a@example.org' });
    expect(mail.subject.title).toBe('mm: fix it');
    expect(mail.subject.isPatch).toBe(true);
    expect(mail.date).toBe('2020-05-27T22:32:43.000Z');
    expect(mail.messageId).toBe(pullRequestMessageId(ref));
    expect(mail.commitMessage).toBe('Because.\n\nSigned-off-by: A U Thor <a@example.org>');
    expect(mail.trailers).toEqual([{ key: 'Signed-off-by', value: 'A U Thor <a@example.org>' }]);
    expect(mail.diff).toHaveLength(1);
    expect(mail.diff[0]?.hunks[0]?.lines.map((l) => [l.kind, l.oldLine, l.newLine])).toEqual([
      ['context', 1, 1],
      ['del', 2, null],
      ['add', null, 2],
    ]);
    expect(mail.warnings).toEqual([]);
  });

  it('keeps several commits, oldest first, the head commit giving From and Date', async () => {
    const mail = await pullRequestMail(
      snapshot({
        commits: [
          {
            sha: '1'.repeat(40),
            message: 'first: one\n\nBody one.',
            authorName: 'One',
            authorEmail: 'one@x.org',
            date: '2021-01-01T00:00:00Z',
          },
          {
            sha: '2'.repeat(40),
            message: 'second: two\n\nBody two.\n\nSigned-off-by: Two <two@x.org>',
            authorName: 'Two',
            authorEmail: 'two@x.org',
            date: '2021-02-01T00:00:00Z',
          },
        ],
      }),
    );
    expect(mail.commitMessage).toContain('first: one\n\nBody one.\n\nsecond: two');
    expect(mail.from?.address).toBe('two@x.org');
    expect(mail.date).toBe('2021-02-01T00:00:00.000Z');
    expect(mail.trailers).toEqual([{ key: 'Signed-off-by', value: 'Two <two@x.org>' }]);
  });

  it('encodes non-ASCII headers and cannot be given extra headers through the title', async () => {
    const mail = await pullRequestMail(
      snapshot({
        title: 'mm: ünïcode title\r\nBcc: victim@example.org',
        commits: [{ sha: 'b'.repeat(40), message: 'x', authorName: 'Jörg Rödel', authorEmail: 'j@x.org', date: null }],
      }),
    );
    expect(mail.subject.title).toBe('mm: ünïcode title Bcc: victim@example.org');
    expect(mail.from?.name).toBe('Jörg Rödel');
    expect(mail.date).toBeNull();
    expect(pullRequestMailText(snapshot({ title: 'a\nBcc: v@x' }))).not.toMatch(/^Bcc:/m);
    const sneaky = snapshot({
      commits: [
        {
          sha: 'b'.repeat(40),
          message: 'x',
          authorName: 'Eve\r\nBcc: v@x',
          authorEmail: 'e@x.org\nBcc: w@x',
          date: null,
        },
      ],
    });
    expect(pullRequestMailText(sneaky)).not.toMatch(/^Bcc:/m);
  });

  it('keeps commit-message lines that look like mail structure inside the message', async () => {
    const mail = await pullRequestMail(
      snapshot({
        commits: [
          {
            sha: 'b'.repeat(40),
            message: 'x\n\ntext\n---\ndiff --git a/q b/q\nmore',
            authorName: 'A',
            authorEmail: 'a@x.org',
            date: null,
          },
        ],
      }),
    );
    expect(mail.commitMessage).toContain('more');
    expect(mail.diff.map((d) => d.path)).toEqual(['mm/x.c']);
  });

  it('rebuilds added, deleted, renamed, copied and binary files', async () => {
    const files: PullRequestFile[] = [
      { filename: 'new.c', previousFilename: null, status: 'added', patch: '@@ -0,0 +1 @@\n+x' },
      { filename: 'old.c', previousFilename: null, status: 'removed', patch: '@@ -1 +0,0 @@\n-y' },
      { filename: 'dir/b.c', previousFilename: 'dir/a.c', status: 'renamed', patch: '@@ -1 +1 @@\n-p\n+q' },
      { filename: 'pure.c', previousFilename: 'moved.c', status: 'renamed', patch: null },
      { filename: 'copy.c', previousFilename: 'orig.c', status: 'copied', patch: '@@ -1 +1 @@\n-p\n+q' },
      { filename: 'img.png', previousFilename: null, status: 'added', patch: null },
      { filename: 'with space.c', previousFilename: null, status: 'modified', patch: '@@ -1 +1 @@\n-p\n+q' },
    ];
    expect(fileSection(files[0]!)).toBe(
      'diff --git a/new.c b/new.c\nnew file mode 100644\n--- /dev/null\n+++ b/new.c\n@@ -0,0 +1 @@\n+x',
    );
    const mail = await pullRequestMail(snapshot({ files }));
    expect(mail.diff.map((d) => [d.status, d.oldPath, d.newPath, d.binary])).toEqual([
      ['added', null, 'new.c', false],
      ['deleted', 'old.c', null, false],
      ['renamed', 'dir/a.c', 'dir/b.c', false],
      ['renamed', 'moved.c', 'pure.c', false],
      ['copied', 'orig.c', 'copy.c', false],
      ['added', null, 'img.png', true],
      ['modified', 'with space.c', 'with space.c', false],
    ]);
  });
});

describe('a PR made of a real patch mail gives the findings of `dax-review check` on that mail', () => {
  const eml = fileURLToPath(
    new URL(
      '../../test/fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
      import.meta.url,
    ),
  );

  it('kb row 9', async () => {
    const source = await parseMessage(readFileSync(eml), eml);
    // Per-file patches as GitHub's files API gives them: from the first @@, no trailing newline.
    const files: PullRequestFile[] = (source.diffText ?? '')
      .split(/^(?=diff --git )/m)
      .filter((s) => s.trim() !== '')
      .map((section) => {
        const name = /^\+\+\+ b\/(.+)$/m.exec(section)?.[1] ?? '';
        return {
          filename: name,
          previousFilename: null,
          status: 'modified',
          patch: section.slice(section.indexOf('@@')).replace(/\n+$/, ''),
        };
      });
    const snap = snapshot({
      title: source.subject.title,
      files,
      commits: [
        {
          sha: 'c'.repeat(40),
          message: `${source.subject.title}\n\n${source.commitMessage}`,
          authorName: source.from?.name ?? '',
          authorEmail: source.from?.address ?? '',
          date: source.date,
        },
      ],
    });
    const mail = await pullRequestMail(snap);
    const review = reviewPullRequest(snap, mail, { rules, config: EMPTY_CONFIG });
    const check = await checkInputs([eml], { rules, workers: 0 });
    const key = (f: {
      rule: string;
      file: string | null;
      line: number | null;
      side: string | null;
      message: string;
    }): string => JSON.stringify([f.rule, f.file, f.line, f.side, f.message]);
    expect(check.findings.length).toBeGreaterThan(0);
    expect(review.findings.map(key)).toEqual(check.findings.map(key));
    expect(review.crashes).toEqual([]);
  });
});
