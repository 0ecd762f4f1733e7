import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { GithubOctokit } from './client.js';
import { commentableLines } from './diff-lines.js';
import { parseDiff } from '../diff/parse-diff.js';
import { findingFingerprint } from '../model/finding-fingerprint.js';
import type { Finding } from '../model/finding.js';
import { renderReviewComment } from '../render/review-comment.js';
import { ReviewCommentPublisher } from './review-comment-publisher.js';

interface Call {
  readonly route: string;
  readonly params: Record<string, unknown>;
}

interface Listed {
  id: number;
  body: string;
  user: { login: string; type: string } | null;
}
const BOT = { login: 'dax-review[bot]', type: 'Bot' };
const PERSON = { login: 'mallory', type: 'User' };
const OTHER_BOT = { login: 'other-app[bot]', type: 'Bot' };
let ids = 0;
const listed = (body: string, user: Listed['user'] = BOT): Listed => ({ id: ++ids, body, user });

function stubOctokit(
  comments: Listed[],
  threads: { id: string; isResolved: boolean; first: Listed }[],
): { octokit: GithubOctokit; calls: Call[] } {
  const calls: Call[] = [];
  const octokit = {
    request: (route: string, params: Record<string, unknown>) => {
      calls.push({ route, params });
      return Promise.resolve({ data: {} });
    },
    paginate: (route: string, params: Record<string, unknown>) => {
      calls.push({ route, params });
      return Promise.resolve(comments);
    },
    graphql: Object.assign(
      (query: string, variables: Record<string, unknown>) => {
        calls.push({ route: query.includes('resolveReviewThread') ? 'resolve' : 'threads', params: variables });
        return Promise.resolve({});
      },
      {
        // One page: octokit's paginate hands back the merged nodes in the query's own shape.
        paginate: (query: string, variables: Record<string, unknown>) => {
          calls.push({ route: query.includes('$cursor') ? 'threads' : 'threads-unpaged', params: variables });
          return Promise.resolve({
            repository: {
              pullRequest: {
                reviewThreads: {
                  nodes: threads.map((t) => ({
                    id: t.id,
                    isResolved: t.isResolved,
                    comments: { nodes: [{ databaseId: t.first.id }] },
                  })),
                },
              },
            },
          });
        },
      },
    ),
  };
  return { octokit: octokit as unknown as GithubOctokit, calls };
}

const diff = parseDiff('diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1,2 +1,3 @@\n x\n+y\n+z\n x2\n');
const lines = commentableLines(diff);
const ref = { installationId: 1, owner: 'o', repo: 'r', pull: 3, headSha: 'a'.repeat(40) };
const publisher = (login: string | null = BOT.login): ReviewCommentPublisher =>
  new ReviewCommentPublisher(pino({ level: 'silent' }), { botLogin: () => Promise.resolve(login) });
const finding = (line: number, excerpt: string): Finding => ({
  rule: 'pin-unpin-mismatch',
  severity: 'warning',
  messageId: null,
  subject: 's',
  source: 'x',
  file: 'a.c',
  line,
  side: 'new',
  message: 'm',
  citations: [],
  docsUrl: 'https://example.org/r',
  excerpt,
  symbol: null,
  confidence: 'high',
});

describe('ReviewCommentPublisher', () => {
  it('posts one review with a comment per new finding on a diff line; others are left out', async () => {
    const old = finding(2, 'old one');
    const { octokit, calls } = stubOctokit([listed(renderReviewComment(old)), listed('a human comment', PERSON)], []);
    const out = await publisher().publish(
      octokit,
      ref,
      [old, finding(3, 'new one'), finding(3, 'new one'), finding(40, 'off the diff')],
      lines,
    );
    expect(out).toEqual({ posted: 1, alreadyThere: 1, offDiff: 1, resolved: 0 });
    const posts = calls.filter((c) => c.route.startsWith('POST'));
    expect(posts).toHaveLength(1);
    expect(posts[0]?.params).toMatchObject({
      commit_id: ref.headSha,
      event: 'COMMENT',
      comments: [{ path: 'a.c', line: 3, side: 'RIGHT' }],
    });
  });

  it('posts nothing when every finding is already there', async () => {
    const f = finding(2, 'x');
    const { octokit, calls } = stubOctokit([listed(renderReviewComment(f))], []);
    await publisher().publish(octokit, ref, [f], lines);
    expect(calls.some((c) => c.route.startsWith('POST'))).toBe(false);
  });

  it('resolves open threads of ours whose finding is gone, and nothing else', async () => {
    const kept = finding(2, 'kept');
    const gone = finding(3, 'gone');
    const firsts = [
      listed(renderReviewComment(kept)),
      listed(renderReviewComment(gone)),
      listed(renderReviewComment(finding(3, 'gone too'))),
      listed('a human thread', PERSON),
    ];
    const { octokit, calls } = stubOctokit(firsts, [
      { id: 'T1', isResolved: false, first: firsts[0]! },
      { id: 'T2', isResolved: false, first: firsts[1]! },
      { id: 'T3', isResolved: true, first: firsts[2]! },
      { id: 'T4', isResolved: false, first: firsts[3]! },
    ]);
    const out = await publisher().publish(octokit, ref, [kept], lines);
    expect(out.resolved).toBe(1);
    expect(calls.filter((c) => c.route === 'resolve').map((c) => c.params)).toEqual([{ threadId: 'T2' }]);
    expect(calls.find((c) => c.route === 'threads')?.params).toEqual({ owner: 'o', repo: 'r', pull: 3 });
    expect(findingFingerprint(kept)).not.toBe(findingFingerprint(gone));
  });

  it('a marker in a comment the bot did not write is not ours: it neither suppresses our comment nor gets its thread resolved', async () => {
    const here = finding(2, 'still here');
    const gone = finding(3, 'gone');
    const spoofs = [
      listed(renderReviewComment(here), PERSON),
      listed(renderReviewComment(gone), PERSON),
      listed(renderReviewComment(gone), OTHER_BOT),
      listed(renderReviewComment(here), null),
    ];
    const { octokit, calls } = stubOctokit(
      spoofs,
      spoofs.map((c, i) => ({ id: `T${String(i)}`, isResolved: false, first: c })),
    );
    expect(await publisher().publish(octokit, ref, [here], lines)).toEqual({
      posted: 1,
      alreadyThere: 0,
      offDiff: 0,
      resolved: 0,
    });
    expect(calls.filter((c) => c.route === 'resolve')).toEqual([]);
  });

  it("with the bot's login unknown, any Bot account counts, a person never", async () => {
    const f = finding(2, 'x');
    const { octokit } = stubOctokit([listed(renderReviewComment(f), OTHER_BOT)], []);
    expect(await publisher(null).publish(octokit, ref, [f], lines)).toMatchObject({ posted: 0, alreadyThere: 1 });
    const { octokit: byPerson } = stubOctokit([listed(renderReviewComment(f), PERSON)], []);
    expect(await publisher(null).publish(byPerson, ref, [f], lines)).toMatchObject({ posted: 1, alreadyThere: 0 });
  });
});
