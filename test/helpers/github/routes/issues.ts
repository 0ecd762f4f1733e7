/** Collaborator permission, issue comments (create, list, update) and reactions on them. */
import { z } from 'zod';
import { json, notFound, paginate, validationFailed, type RequestContext } from '../http.js';
import { numParam, param, type Router } from '../router.js';
import type { Store } from '../store.js';
import { BOT_USER, type FakeIssueComment, type Permission } from '../types.js';

const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'] as const;
const commentBody = z.object({ body: z.string().min(1) });
const reactionBody = z.object({ content: z.enum(REACTIONS) });

/** GitHub's `permission` field keeps the old four values; `role_name` has the real role. */
const LEGACY: Record<Permission, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none',
};

function issueCommentJson(
  ctx: RequestContext,
  owner: string,
  repo: string,
  issue: number,
  c: FakeIssueComment,
): Record<string, unknown> {
  return {
    ...c,
    node_id: `IC_${c.id}`,
    url: `${ctx.baseUrl}/repos/${owner}/${repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${c.id}`,
    issue_url: `${ctx.baseUrl}/repos/${owner}/${repo}/issues/${issue}`,
    author_association: 'NONE',
  };
}

function invalid(
  resource: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ReturnType<typeof validationFailed> {
  return validationFailed(
    issues.map((i) => ({ resource, field: i.path.map(String).join('.'), code: 'invalid', message: i.message })),
  );
}

export function issueRoutes(router: Router, store: Store): void {
  const repoBase = '/repos/{owner}/{repo}';

  router.on('GET', `${repoBase}/collaborators/{username}/permission`, (_ctx, params) => {
    const login = param(params, 'username');
    const role = store.permission(param(params, 'owner'), param(params, 'repo'), login) ?? 'read';
    return json(200, { permission: LEGACY[role], role_name: role, user: { login, type: 'User' } });
  });

  router.on('POST', `${repoBase}/issues/{issue_number}/comments`, (ctx, params) => {
    const owner = param(params, 'owner');
    const repo = param(params, 'repo');
    const issue = numParam(params, 'issue_number');
    if (Number.isNaN(issue)) return notFound();
    const parsed = commentBody.safeParse(ctx.body);
    if (!parsed.success) return invalid('IssueComment', parsed.error.issues);
    const comment: FakeIssueComment = { id: store.id(), body: parsed.data.body, user: { ...BOT_USER } };
    store.issueComments(owner, repo, issue).push(comment);
    return json(201, issueCommentJson(ctx, owner, repo, issue, comment));
  });

  router.on('GET', `${repoBase}/issues/{issue_number}/comments`, (ctx, params) => {
    const owner = param(params, 'owner');
    const repo = param(params, 'repo');
    const issue = numParam(params, 'issue_number');
    const { page, headers } = paginate(ctx, store.issueComments(owner, repo, issue));
    return json(
      200,
      page.map((c) => issueCommentJson(ctx, owner, repo, issue, c)),
      headers,
    );
  });

  router.on('PATCH', `${repoBase}/issues/comments/{comment_id}`, (ctx, params) => {
    const owner = param(params, 'owner');
    const repo = param(params, 'repo');
    const comment = store.findIssueComment(owner, repo, numParam(params, 'comment_id'));
    if (comment === undefined) return notFound();
    const parsed = commentBody.safeParse(ctx.body);
    if (!parsed.success) return invalid('IssueComment', parsed.error.issues);
    comment.body = parsed.data.body;
    return json(200, issueCommentJson(ctx, owner, repo, 0, comment));
  });

  router.on('POST', `${repoBase}/issues/comments/{comment_id}/reactions`, (ctx, params) => {
    const owner = param(params, 'owner');
    const repo = param(params, 'repo');
    const commentId = numParam(params, 'comment_id');
    if (Number.isNaN(commentId)) return notFound();
    const parsed = reactionBody.safeParse(ctx.body);
    if (!parsed.success) return invalid('Reaction', parsed.error.issues);
    const reactions = store.reactions(owner, repo);
    const content = parsed.data.content;
    // The comment may come from a webhook payload the fake never saw: no existence check.
    // Reacting twice with the same content answers 200 with the existing reaction, as GitHub does.
    const existing = reactions.findIndex((r) => r.commentId === commentId && r.content === content);
    if (existing < 0) reactions.push({ commentId, content });
    const body = {
      id: 5000 + (existing < 0 ? reactions.length - 1 : existing),
      node_id: `REA_${commentId}_${content}`,
      content,
      user: { ...BOT_USER },
    };
    return json(existing < 0 ? 201 : 200, body);
  });
}
