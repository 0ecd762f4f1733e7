/**
 * The fake GitHub driven by a real octokit: auth (plain token and App JWT → installation
 * token), pagination, check-run and review validation, faults, GraphQL threads.
 */
import { generateKeyPairSync } from 'node:crypto';
import { App, Octokit } from 'octokit';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGithub, type PullSeed } from './fake-github.js';

const TOKEN = 'ghp_test';
const OWNER = 'acme';
const REPO = 'kernel';
const HEAD = 'a'.repeat(40);

/** Hunk: old 10..14 / new 10..15 — 10,11 context, 12 removed (LEFT), 12,13 added (RIGHT), 13,14 → 14,15 context. */
const PATCH = ['@@ -10,5 +10,6 @@ int f(void)', ' a', ' b', '-old', '+new1', '+new2', ' c', ' d'].join('\n');

function seed(files = 1): PullSeed {
  return {
    owner: OWNER,
    repo: REPO,
    number: 7,
    headSha: HEAD,
    title: 'mm: fix',
    body: 'Fixes it.',
    files: Array.from({ length: files }, (_, i) => ({
      filename: `src/f${i}.c`,
      status: 'modified' as const,
      patch: PATCH,
    })),
    commits: [
      {
        sha: HEAD,
        message: 'mm: fix\n\nFixes it.',
        author: { name: 'A', email: 'a@example.org', date: '2024-01-01T00:00:00Z' },
      },
    ],
  };
}

let fake: FakeGithub | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function start(
  options: Parameters<typeof FakeGithub.start>[0] = { token: TOKEN },
): Promise<{ gh: FakeGithub; octokit: Octokit }> {
  const gh = await FakeGithub.start(options);
  fake = gh;
  gh.addPull(seed(250));
  const octokit = new Octokit({ baseUrl: gh.url, auth: TOKEN, request: { retries: 0 }, throttle: { enabled: false } });
  return { gh, octokit };
}

const ids = { owner: OWNER, repo: REPO };

describe('FakeGithub', () => {
  it('answers 401 without or with unknown credentials, 404 on unknown routes, and records it all', async () => {
    const { gh } = await start();
    const anon = new Octokit({ baseUrl: gh.url, request: { retries: 0 }, throttle: { enabled: false } });
    await expect(anon.rest.pulls.get({ ...ids, pull_number: 7 })).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('Bad credentials') as unknown,
    });
    const wrong = new Octokit({ baseUrl: gh.url, auth: 'nope', request: { retries: 0 }, throttle: { enabled: false } });
    await expect(wrong.rest.pulls.get({ ...ids, pull_number: 7 })).rejects.toMatchObject({ status: 401 });
    const res = await fetch(`${gh.url}/nowhere`, { headers: { authorization: `token ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: 'Not Found' });
    expect(gh.requests.map((r) => [r.method, r.path, r.status, r.auth])).toEqual([
      ['GET', '/repos/acme/kernel/pulls/7', 401, null],
      ['GET', '/repos/acme/kernel/pulls/7', 401, null],
      ['GET', '/nowhere', 404, 'token'],
    ]);
  });

  it('serves a pull and walks 250 files with octokit.paginate over Link headers', async () => {
    const { gh, octokit } = await start();
    const { data: pull, headers } = await octokit.rest.pulls.get({ ...ids, pull_number: 7 });
    expect(pull).toMatchObject({
      number: 7,
      title: 'mm: fix',
      state: 'open',
      draft: false,
      head: { sha: HEAD },
      base: { ref: 'main' },
      user: { type: 'User' },
    });
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(headers['x-ratelimit-remaining'])).toBeGreaterThan(0);
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...ids, pull_number: 7, per_page: 100 });
    expect(files).toHaveLength(250);
    expect(new Set(files.map((f) => f.filename)).size).toBe(250);
    expect(files[0]).toMatchObject({ status: 'modified', additions: 2, deletions: 1, changes: 3, patch: PATCH });
    const pages = gh.requests.filter((r) => r.path.endsWith('/files')).map((r) => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
    const defaultPage = await octokit.rest.pulls.listFiles({ ...ids, pull_number: 7 });
    expect(defaultPage.data).toHaveLength(30);
    expect(defaultPage.headers.link).toContain('rel="last"');
    const commits = await octokit.paginate(octokit.rest.pulls.listCommits, { ...ids, pull_number: 7 });
    expect(commits.map((c) => c.commit.message)).toEqual(['mm: fix\n\nFixes it.']);
    await expect(octokit.rest.pulls.get({ ...ids, pull_number: 8 })).rejects.toMatchObject({ status: 404 });
  });

  it('validates check runs like GitHub and appends annotations across updates', async () => {
    const { gh, octokit } = await start({ token: TOKEN, appId: 99 });
    const ann = (i: number) => ({
      path: 'src/f0.c',
      start_line: i + 1,
      end_line: i + 1,
      annotation_level: 'warning' as const,
      message: `m${i}`,
    });
    const { data: run } = await octokit.rest.checks.create({
      ...ids,
      name: 'dax-review',
      head_sha: HEAD,
      status: 'in_progress',
      external_id: 'x1',
    });
    expect(run).toMatchObject({ status: 'in_progress', app: { id: 99 } });
    await octokit.rest.checks.update({
      ...ids,
      check_run_id: run.id,
      output: { title: 't', summary: 's', annotations: [ann(0), ann(1)] },
    });
    await expect(
      octokit.rest.checks.update({
        ...ids,
        check_run_id: run.id,
        output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, (_, i) => ann(i)) },
      }),
    ).rejects.toMatchObject({ status: 422, response: { data: { message: 'Validation Failed' } } });
    await expect(
      octokit.rest.checks.update({ ...ids, check_run_id: run.id, status: 'completed' }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.checks.update({ ...ids, check_run_id: run.id, output: { title: 't', summary: 'x'.repeat(65536) } }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.request('POST /repos/{owner}/{repo}/check-runs', { ...ids, name: 'no sha' } as never),
    ).rejects.toMatchObject({ status: 422 });
    await octokit.rest.checks.update({
      ...ids,
      check_run_id: run.id,
      conclusion: 'neutral',
      output: { title: 't2', summary: 's2', text: 'body', annotations: [ann(5)] },
    });

    const [stored] = gh.checkRuns(OWNER, REPO);
    expect(stored).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      external_id: 'x1',
      app_id: 99,
      output: { title: 't2', summary: 's2', text: 'body' },
    });
    expect(stored?.annotations.map((a) => a.message)).toEqual(['m0', 'm1', 'm5']);
    const annotations = await octokit.paginate(octokit.rest.checks.listAnnotations, { ...ids, check_run_id: run.id });
    expect(annotations).toHaveLength(3);
    const { data: list } = await octokit.rest.checks.listForRef({
      ...ids,
      ref: HEAD,
      check_name: 'dax-review',
      app_id: 99,
    });
    expect(list.total_count).toBe(1);
    expect(list.check_runs[0]).toMatchObject({ id: run.id, app: { id: 99 }, output: { annotations_count: 3 } });
  });

  it('refuses a whole review when one comment is off the diff and accepts context lines', async () => {
    const { gh, octokit } = await start();
    const off = octokit.rest.pulls.createReview({
      ...ids,
      pull_number: 7,
      event: 'COMMENT',
      comments: [
        { path: 'src/f0.c', line: 12, side: 'RIGHT', body: 'fine' },
        { path: 'src/f0.c', line: 9, side: 'RIGHT', body: 'above the hunk' },
      ],
    });
    await expect(off).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: ['Pull request review thread line must be part of the diff'] } },
    });
    await expect(
      octokit.rest.pulls.createReview({
        ...ids,
        pull_number: 7,
        event: 'COMMENT',
        comments: [
          { path: 'src/f0.c', line: 12, side: 'LEFT', body: 'ok' },
          { path: 'src/f0.c', line: 15, side: 'LEFT', body: 'new-file number on the old side' },
        ],
      }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(octokit.rest.pulls.createReview({ ...ids, pull_number: 7, event: 'COMMENT' })).rejects.toMatchObject({
      status: 422,
    });
    expect(gh.reviewComments(OWNER, REPO, 7)).toEqual([]);
    expect(gh.reviewThreads(OWNER, REPO, 7)).toEqual([]);

    const { data: review } = await octokit.rest.pulls.createReview({
      ...ids,
      pull_number: 7,
      commit_id: HEAD,
      event: 'COMMENT',
      body: 'summary',
      comments: [
        { path: 'src/f0.c', line: 11, body: 'context line, right side' },
        { path: 'src/f0.c', line: 12, side: 'LEFT', body: 'removed line' },
        { path: 'src/f0.c', line: 15, start_line: 13, side: 'RIGHT', body: 'a range' },
      ],
    });
    expect(review).toMatchObject({ state: 'COMMENTED', user: { login: 'dax-review[bot]', type: 'Bot' } });
    const comments = gh.reviewComments(OWNER, REPO, 7);
    expect(comments.map((c) => [c.line, c.side, c.commit_id, c.pull_request_review_id])).toEqual([
      [11, 'RIGHT', HEAD, review.id],
      [12, 'LEFT', HEAD, review.id],
      [15, 'RIGHT', HEAD, review.id],
    ]);
    expect(gh.reviewThreads(OWNER, REPO, 7).map((t) => [t.isResolved, t.commentIds])).toEqual(
      comments.map((c) => [false, [c.id]]),
    );
    const listed = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...ids, pull_number: 7 });
    expect(listed.map((c) => c.body)).toEqual(['context line, right side', 'removed line', 'a range']);
  });

  it('injects faults: a 500 retried by octokit, rate limits with their headers', async () => {
    const { gh } = await start();
    const retrying = new Octokit({
      baseUrl: gh.url,
      auth: TOKEN,
      retry: { retryAfterBaseValue: 1 },
      throttle: { enabled: false },
    });
    gh.failNext('GET', /^\/repos\/acme\/kernel\/pulls\/7$/, [{ status: 500 }]);
    const { data } = await retrying.rest.pulls.get({ ...ids, pull_number: 7 });
    expect(data.number).toBe(7);
    expect(gh.requests.map((r) => r.status)).toEqual([500, 200]);

    const octokit = new Octokit({
      baseUrl: gh.url,
      auth: TOKEN,
      request: { retries: 0 },
      throttle: { enabled: false },
    });
    const get = () => octokit.rest.pulls.get({ ...ids, pull_number: 7 });
    gh.failNext('get', /pulls\/7$/, [
      { kind: 'secondary-rate-limit', retryAfterS: 3 },
      { kind: 'primary-rate-limit', resetInS: 60 },
      { status: 429, retryAfterS: 2 },
      { status: 502 },
    ]);
    await expect(get()).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('secondary rate limit') as unknown,
      response: { headers: { 'retry-after': '3' } },
    });
    const primary = await get().catch((e: unknown) => e);
    expect(primary).toMatchObject({
      status: 403,
      response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000' } },
    });
    const reset = Number(
      (primary as { response: { headers: Record<string, string> } }).response.headers['x-ratelimit-reset'],
    );
    expect(reset - Date.now() / 1000).toBeGreaterThan(55);
    await expect(get()).rejects.toMatchObject({ status: 429, response: { headers: { 'retry-after': '2' } } });
    await expect(get()).rejects.toMatchObject({ status: 502 });
    await expect(get()).resolves.toMatchObject({ status: 200 });
    expect(gh.requests.slice(2).map((r) => r.status)).toEqual([403, 403, 429, 502, 200]);
  });

  it('lists review threads and resolves one over GraphQL', async () => {
    const { gh, octokit } = await start();
    await octokit.rest.pulls.createReview({
      ...ids,
      pull_number: 7,
      event: 'COMMENT',
      comments: [
        { path: 'src/f0.c', line: 13, body: 'one' },
        { path: 'src/f1.c', line: 10, body: 'two' },
      ],
    });
    const query = `query($owner: String!, $repo: String!, $pull: Int!) { repository(owner: $owner, name: $repo) { pullRequest(number: $pull) {
      reviewThreads(first: 100) { nodes { id isResolved comments(first: 1) { nodes { databaseId body } } } pageInfo { hasNextPage endCursor } } } } }`;
    interface Threads {
      repository: {
        pullRequest: {
          reviewThreads: {
            nodes: { id: string; isResolved: boolean; comments: { nodes: { databaseId: number; body: string }[] } }[];
          };
        };
      };
    }
    const before = await octokit.graphql<Threads>(query, { owner: OWNER, repo: REPO, pull: 7 });
    const nodes = before.repository.pullRequest.reviewThreads.nodes;
    expect(nodes.map((n) => [n.isResolved, n.comments.nodes[0]?.body])).toEqual([
      [false, 'one'],
      [false, 'two'],
    ]);
    const second = nodes[1]!;
    const resolved = await octokit.graphql<{ resolveReviewThread: { thread: { id: string; isResolved: boolean } } }>(
      'mutation($threadId: ID!) { resolveReviewThread(input: {threadId: $threadId}) { thread { id isResolved } } }',
      { threadId: second.id },
    );
    expect(resolved.resolveReviewThread.thread).toEqual({ id: second.id, isResolved: true });
    expect(gh.reviewThreads(OWNER, REPO, 7).map((t) => t.isResolved)).toEqual([false, true]);
    await expect(octokit.graphql('query { viewer { login } }')).rejects.toThrow(/answers only reviewThreads/);
  });

  it('serves permissions, issue comments and reactions', async () => {
    const { gh, octokit } = await start();
    gh.setPermission(OWNER, REPO, 'alice', 'maintain');
    const { data: alice } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...ids, username: 'alice' });
    expect(alice).toMatchObject({ permission: 'write', role_name: 'maintain', user: { login: 'alice' } });
    const { data: bob } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...ids, username: 'bob' });
    expect(bob.permission).toBe('read');
    const { data: comment, status } = await octokit.rest.issues.createComment({
      ...ids,
      issue_number: 7,
      body: 'hello',
    });
    expect(status).toBe(201);
    expect(comment).toMatchObject({ body: 'hello', user: { login: 'dax-review[bot]', type: 'Bot' } });
    expect(
      (await octokit.rest.reactions.createForIssueComment({ ...ids, comment_id: 555, content: 'eyes' })).status,
    ).toBe(201);
    await expect(
      octokit.rest.reactions.createForIssueComment({ ...ids, comment_id: 555, content: 'bogus' as never }),
    ).rejects.toMatchObject({ status: 422 });
    expect(gh.issueComments(OWNER, REPO, 7)).toEqual([
      { id: comment.id, body: 'hello', user: { login: 'dax-review[bot]', type: 'Bot' } },
    ]);
    expect(gh.reactions(OWNER, REPO)).toEqual([{ commentId: 555, content: 'eyes' }]);
  });

  it('authenticates a GitHub App (JWT → installation token) under a GHE path prefix', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const gh = await FakeGithub.start({
      appId: 4242,
      appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      pathPrefix: '/api/v3',
    });
    fake = gh;
    gh.addPull(seed());
    expect(gh.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const app = new App({
      appId: 4242,
      privateKey: pem,
      Octokit: Octokit.defaults({ baseUrl: gh.url, request: { retries: 0 }, throttle: { enabled: false } }),
    });
    const { data: me } = await app.octokit.request('GET /app');
    expect(me).toMatchObject({ id: 4242, slug: 'dax-review' });
    const installation = await app.getInstallationOctokit(42);
    const { data: pull } = await installation.rest.pulls.get({ ...ids, pull_number: 7 });
    expect(pull.head.sha).toBe(HEAD);
    await installation.graphql(
      'query($owner: String!, $repo: String!, $pull: Int!) { repository(owner: $owner, name: $repo) { pullRequest(number: $pull) { reviewThreads(first: 10) { nodes { id } } } } }',
      { owner: OWNER, repo: REPO, pull: 7 },
    );
    expect(gh.requests.map((r) => [r.method, r.path, r.status, r.auth])).toEqual([
      ['GET', '/app', 200, 'app-jwt'],
      ['POST', '/app/installations/42/access_tokens', 201, 'app-jwt'],
      ['GET', '/repos/acme/kernel/pulls/7', 200, 'installation:42'],
      ['POST', '/graphql', 200, 'installation:42'],
    ]);

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const impostor = new App({
      appId: 4242,
      privateKey: other,
      Octokit: Octokit.defaults({ baseUrl: gh.url, request: { retries: 0 }, throttle: { enabled: false } }),
    });
    await expect(
      impostor.getInstallationOctokit(42).then((o) => o.rest.pulls.get({ ...ids, pull_number: 7 })),
    ).rejects.toMatchObject({ status: 401 });
    const wrongApp = new App({
      appId: 1,
      privateKey: pem,
      Octokit: Octokit.defaults({ baseUrl: gh.url, request: { retries: 0 }, throttle: { enabled: false } }),
    });
    await expect(
      wrongApp.getInstallationOctokit(42).then((o) => o.rest.pulls.get({ ...ids, pull_number: 7 })),
    ).rejects.toMatchObject({ status: 401 });
    expect(gh.requests.slice(4).map((r) => [r.path, r.status, r.auth])).toEqual([
      ['/app/installations/42/access_tokens', 401, null],
      ['/app/installations/42/access_tokens', 401, null],
    ]);
  });

  it('replaces head, files and commits when a pull is seeded again, and can be slow', async () => {
    const { gh, octokit } = await start({ token: TOKEN, latencyMs: 120 });
    gh.addPull({ ...seed(2), headSha: 'b'.repeat(40) });
    const t0 = Date.now();
    const { data } = await octokit.rest.pulls.get({ ...ids, pull_number: 7 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    expect(data.head.sha).toBe('b'.repeat(40));
    expect((await octokit.rest.pulls.listFiles({ ...ids, pull_number: 7 })).data).toHaveLength(2);
  });
});
