/**
 * POST /repos/{owner}/{repo}/pulls/{n}/reviews with GitHub's all-or-nothing rule: one comment
 * off the diff and the whole review is refused (422) and nothing is stored. GET lists reviews.
 */
import { z } from 'zod';
import { diffLines, isDiffLine } from '../diff-lines.js';
import { DOCS_URL, json, paginate, validationFailed, type Reply, type RequestContext } from '../http.js';
import type { Router } from '../router.js';
import type { Store, StoredPull } from '../store.js';
import { BOT_USER, type FakeReview, type FakeReviewComment } from '../types.js';
import { reviewCommentJson, withPull } from './pulls.js';

const side = z.enum(['LEFT', 'RIGHT']);
const reviewBody = z.object({
  commit_id: z.string().optional(),
  body: z.string().optional(),
  event: z.enum(['COMMENT', 'APPROVE', 'REQUEST_CHANGES']),
  comments: z
    .array(
      z.object({
        path: z.string().min(1),
        line: z.number().int().positive(),
        side: side.optional(),
        start_line: z.number().int().positive().optional(),
        start_side: side.optional(),
        body: z.string().min(1),
      }),
    )
    .optional(),
});
type ReviewBody = z.infer<typeof reviewBody>;

const NOT_IN_DIFF = 'Pull request review thread line must be part of the diff';
const STATES = { COMMENT: 'COMMENTED', APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED' } as const;

function unprocessable(errors: readonly string[]): Reply {
  return json(422, { message: 'Unprocessable Entity', errors, documentation_url: DOCS_URL });
}

/** Why GitHub would refuse this review, or null. */
function reviewProblem(stored: StoredPull, review: ReviewBody): Reply | null {
  const comments = review.comments ?? [];
  if (review.event !== 'APPROVE' && comments.length === 0 && (review.body ?? '').trim() === '') {
    return unprocessable([`Review body is required when event is ${review.event} and there are no comments`]);
  }
  const { seed } = stored;
  const known = new Set([...stored.heads, ...seed.commits.map((c) => c.sha)]);
  if (review.commit_id !== undefined && !known.has(review.commit_id)) {
    return unprocessable([`No commit found for SHA: ${review.commit_id}`]);
  }
  for (const c of comments) {
    const file = seed.files.find((f) => f.filename === c.path);
    const lines = diffLines(file?.patch);
    const endSide = c.side ?? 'RIGHT';
    if (file === undefined || !isDiffLine(lines, endSide, c.line)) return unprocessable([NOT_IN_DIFF]);
    if (c.start_line !== undefined) {
      const startSide = c.start_side ?? endSide;
      if (!isDiffLine(lines, startSide, c.start_line)) return unprocessable([NOT_IN_DIFF]);
      if (startSide === endSide && c.start_line >= c.line)
        return unprocessable(['start_line must precede the end line.']);
    }
  }
  return null;
}

function reviewJson(ctx: RequestContext, stored: StoredPull, review: FakeReview): Record<string, unknown> {
  const { owner, repo, number } = stored.seed;
  return {
    ...review,
    state: STATES[review.event],
    html_url: `https://github.com/${owner}/${repo}/pull/${number}#pullrequestreview-${review.id}`,
    pull_request_url: `${ctx.baseUrl}/repos/${owner}/${repo}/pulls/${number}`,
    submitted_at: new Date().toISOString(),
  };
}

export function reviewRoutes(router: Router, store: Store): void {
  const base = '/repos/{owner}/{repo}/pulls/{pull_number}/reviews';
  router.on(
    'POST',
    base,
    withPull(store, (ctx, stored) => {
      const parsed = reviewBody.safeParse(ctx.body);
      if (!parsed.success) {
        return validationFailed(
          parsed.error.issues.map((i) => ({
            resource: 'PullRequestReview',
            field: i.path.map(String).join('.'),
            code: 'invalid',
            message: i.message,
          })),
        );
      }
      const problem = reviewProblem(stored, parsed.data);
      if (problem !== null) return problem;
      const { owner, repo, number, headSha } = stored.seed;
      const commitId = parsed.data.commit_id ?? headSha;
      const review: FakeReview = {
        id: store.id(),
        node_id: '',
        body: parsed.data.body ?? '',
        event: parsed.data.event,
        commit_id: commitId,
        user: { ...BOT_USER },
      };
      review.node_id = `PRR_${review.id}`;
      store.reviews(owner, repo, number).push(review);
      for (const c of parsed.data.comments ?? []) {
        const id = store.id();
        const comment: FakeReviewComment = {
          id,
          node_id: `PRRC_${id}`,
          path: c.path,
          line: c.line,
          side: c.side ?? 'RIGHT',
          start_line: c.start_line ?? null,
          start_side: c.start_line === undefined ? null : (c.start_side ?? c.side ?? 'RIGHT'),
          body: c.body,
          commit_id: commitId,
          user: { ...BOT_USER },
          pull_request_review_id: review.id,
        };
        store.reviewComments(owner, repo, number).push(comment);
        store.reviewThreads(owner, repo, number).push({ id: `PRRT_${id}`, isResolved: false, commentIds: [id] });
      }
      return json(200, reviewJson(ctx, stored, review));
    }),
  );

  router.on(
    'GET',
    base,
    withPull(store, (ctx, stored) => {
      const { owner, repo, number } = stored.seed;
      const { page, headers } = paginate(ctx, store.reviews(owner, repo, number));
      return json(
        200,
        page.map((r) => reviewJson(ctx, stored, r)),
        headers,
      );
    }),
  );

  router.on(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments',
    withPull(store, (ctx, stored, params) => {
      const { owner, repo, number } = stored.seed;
      const reviewId = Number(params.review_id);
      const comments = store.reviewComments(owner, repo, number).filter((c) => c.pull_request_review_id === reviewId);
      const { page, headers } = paginate(ctx, comments);
      return json(
        200,
        page.map((c) => reviewCommentJson(ctx, owner, repo, number, c)),
        headers,
      );
    }),
  );
}
