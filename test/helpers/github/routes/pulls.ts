/** GET a pull request, its files, commits and review comments, and the pulls of a commit, in GitHub's REST shapes. */
import { diffLines } from '../diff-lines.js';
import { json, notFound, paginate, type Reply, type RequestContext } from '../http.js';
import { numParam, param, type Params, type Router } from '../router.js';
import { fakeSha, type Store, type StoredPull } from '../store.js';
import type { FakeReviewComment, PullFileSeed, PullSeed } from '../types.js';

const WEB = 'https://github.com';

function repoObject(seed: PullSeed): Record<string, unknown> {
  return {
    name: seed.repo,
    full_name: `${seed.owner}/${seed.repo}`,
    owner: { login: seed.owner, type: 'Organization' },
    html_url: `${WEB}/${seed.owner}/${seed.repo}`,
  };
}

export function pullJson(ctx: RequestContext, stored: StoredPull): Record<string, unknown> {
  const { seed } = stored;
  const user = { login: seed.user?.login ?? 'contributor', type: seed.user?.type ?? 'User' };
  const apiPath = `/repos/${seed.owner}/${seed.repo}/pulls/${seed.number}`;
  return {
    url: `${ctx.baseUrl}${apiPath}`,
    number: seed.number,
    node_id: `PR_${fakeSha('pr', apiPath).slice(0, 16)}`,
    title: seed.title,
    body: seed.body,
    state: 'open',
    locked: false,
    draft: seed.draft ?? false,
    merged: false,
    html_url: `${WEB}/${seed.owner}/${seed.repo}/pull/${seed.number}`,
    user,
    head: {
      sha: seed.headSha,
      ref: `pr-${seed.number}`,
      label: `${user.login}:pr-${seed.number}`,
      repo: repoObject(seed),
      user,
    },
    base: { sha: stored.baseSha, ref: 'main', label: `${seed.owner}:main`, repo: repoObject(seed) },
    commits: seed.commits.length,
    changed_files: seed.files.length,
  };
}

function fileJson(seed: PullSeed, file: PullFileSeed): Record<string, unknown> {
  const { additions, deletions } = diffLines(file.patch);
  const blob = fakeSha('blob', file.filename, file.patch ?? '');
  const out: Record<string, unknown> = {
    sha: blob,
    filename: file.filename,
    status: file.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${WEB}/${seed.owner}/${seed.repo}/blob/${seed.headSha}/${file.filename}`,
    raw_url: `${WEB}/${seed.owner}/${seed.repo}/raw/${seed.headSha}/${file.filename}`,
    contents_url: `https://api.github.com/repos/${seed.owner}/${seed.repo}/contents/${file.filename}?ref=${seed.headSha}`,
  };
  if (file.patch !== undefined) out.patch = file.patch;
  if (file.previous_filename !== undefined) out.previous_filename = file.previous_filename;
  return out;
}

export function reviewCommentJson(
  ctx: RequestContext,
  owner: string,
  repo: string,
  pull: number,
  c: FakeReviewComment,
): Record<string, unknown> {
  return {
    ...c,
    url: `${ctx.baseUrl}/repos/${owner}/${repo}/pulls/comments/${c.id}`,
    html_url: `${WEB}/${owner}/${repo}/pull/${pull}#discussion_r${c.id}`,
    pull_request_url: `${ctx.baseUrl}/repos/${owner}/${repo}/pulls/${pull}`,
    original_line: c.line,
    original_commit_id: c.commit_id,
    subject_type: 'line',
    author_association: 'NONE',
  };
}

type PullHandler = (ctx: RequestContext, stored: StoredPull, params: Params) => Reply;

/** Runs `handler` on the pull the route names, 404 when there is none. */
export function withPull(store: Store, handler: PullHandler): (ctx: RequestContext, params: Params) => Reply {
  return (ctx, params) => {
    const stored = store.pull(param(params, 'owner'), param(params, 'repo'), numParam(params, 'pull_number'));
    return stored === undefined ? notFound() : handler(ctx, stored, params);
  };
}

export function pullRoutes(router: Router, store: Store): void {
  const base = '/repos/{owner}/{repo}/pulls/{pull_number}';
  router.on(
    'GET',
    base,
    withPull(store, (ctx, stored) => json(200, pullJson(ctx, stored))),
  );
  router.on(
    'GET',
    `${base}/files`,
    withPull(store, (ctx, stored) => {
      const { page, headers } = paginate(ctx, stored.seed.files);
      return json(
        200,
        page.map((f) => fileJson(stored.seed, f)),
        headers,
      );
    }),
  );
  router.on(
    'GET',
    `${base}/commits`,
    withPull(store, (ctx, stored) => {
      const { page, headers } = paginate(ctx, stored.seed.commits);
      const { owner, repo } = stored.seed;
      return json(
        200,
        page.map((c) => ({
          sha: c.sha,
          node_id: `C_${c.sha.slice(0, 16)}`,
          url: `${ctx.baseUrl}/repos/${owner}/${repo}/commits/${c.sha}`,
          html_url: `${WEB}/${owner}/${repo}/commit/${c.sha}`,
          commit: { message: c.message, author: c.author, committer: c.author },
          author: null,
          committer: null,
          parents: [],
        })),
        headers,
      );
    }),
  );
  // "List pull requests associated with a commit": open and merged PRs that hold it, each as it is now.
  router.on('GET', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', (ctx, params) => {
    const pulls = store.pullsWithCommit(param(params, 'owner'), param(params, 'repo'), param(params, 'commit_sha'));
    const { page, headers } = paginate(ctx, pulls);
    return json(
      200,
      page.map((p) => pullJson(ctx, p)),
      headers,
    );
  });
  router.on(
    'GET',
    `${base}/comments`,
    withPull(store, (ctx, stored) => {
      const { owner, repo, number } = stored.seed;
      const { page, headers } = paginate(ctx, store.reviewComments(owner, repo, number));
      return json(
        200,
        page.map((c) => reviewCommentJson(ctx, owner, repo, number, c)),
        headers,
      );
    }),
  );
}
