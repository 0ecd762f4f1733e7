/**
 * POST /graphql, the two operations the bot uses: the review threads of a pull request (query
 * naming `reviewThreads`, paged by `first` and the variable `cursor`) and `resolveReviewThread`. Anything else answers GraphQL errors.
 */
import { json, type Reply } from '../http.js';
import type { Router } from '../router.js';
import type { Store } from '../store.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function gqlError(message: string, type?: string): Reply {
  return json(200, { data: null, errors: [{ message, ...(type === undefined ? {} : { type }) }] });
}

function reviewThreads(store: Store, query: string, variables: Record<string, unknown>): Reply {
  const owner = variables.owner;
  const repo = variables.repo;
  const pull = variables.pull ?? variables.number ?? variables.pullNumber;
  if (typeof owner !== 'string' || typeof repo !== 'string' || typeof pull !== 'number') {
    return gqlError('reviewThreads needs variables owner (String), repo (String) and pull (Int)');
  }
  const stored = store.pull(owner, repo, pull);
  if (stored === undefined) {
    return json(200, {
      data: { repository: { pullRequest: null } },
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['repository', 'pullRequest'],
          message: `Could not resolve to a PullRequest with the number of ${pull}.`,
        },
      ],
    });
  }
  const comments = store.reviewComments(owner, repo, pull);
  const nodes = store.reviewThreads(owner, repo, pull).map((thread) => {
    const own = thread.commentIds.flatMap((id) => comments.filter((c) => c.id === id));
    const first = own[0];
    return {
      id: thread.id,
      isResolved: thread.isResolved,
      isOutdated: false,
      path: first?.path ?? null,
      line: first?.line ?? null,
      comments: {
        nodes: own.map((c) => ({
          id: c.node_id,
          databaseId: c.id,
          body: c.body,
          path: c.path,
          author: { login: c.user.login.replace(/\[bot\]$/, '') },
        })),
      },
    };
  });
  // Pages as GitHub does: `first` threads (at most 100) after the opaque cursor `after`.
  const first = Math.min(100, Number(/reviewThreads\(\s*first:\s*(\d+)/.exec(query)?.[1] ?? 100));
  const after = typeof variables.cursor === 'string' ? Number(Buffer.from(variables.cursor, 'base64').toString()) : 0;
  const page = nodes.slice(after, after + first);
  const end = after + page.length;
  const pageInfo = {
    hasNextPage: end < nodes.length,
    endCursor: page.length === 0 ? null : Buffer.from(String(end)).toString('base64'),
  };
  return json(200, { data: { repository: { pullRequest: { reviewThreads: { nodes: page, pageInfo } } } } });
}

function resolveThread(store: Store, variables: Record<string, unknown>): Reply {
  const threadId = variables.threadId;
  if (typeof threadId !== 'string') return gqlError('resolveReviewThread needs the variable threadId (ID!)');
  const thread = store.findThread(threadId);
  if (thread === undefined)
    return gqlError(`Could not resolve to a node with the global id of '${threadId}'`, 'NOT_FOUND');
  thread.isResolved = true;
  return json(200, { data: { resolveReviewThread: { thread: { id: thread.id, isResolved: true } } } });
}

export function graphqlRoutes(router: Router, store: Store): void {
  router.on('POST', '/graphql', (ctx) => {
    if (!isRecord(ctx.body) || typeof ctx.body.query !== 'string')
      return json(400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' });
    const query = ctx.body.query;
    const variables = isRecord(ctx.body.variables) ? ctx.body.variables : {};
    if (query.includes('resolveReviewThread')) return resolveThread(store, variables);
    if (query.includes('reviewThreads')) return reviewThreads(store, query, variables);
    return gqlError('This fake GitHub answers only reviewThreads queries and resolveReviewThread mutations');
  });
}
