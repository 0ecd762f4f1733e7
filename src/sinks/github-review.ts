/**
 * PR review comments: one per finding on its diff line, posted together as one review
 * (event COMMENT) on the head commit. Each comment carries its finding's fingerprint
 * (src/render/review-comment.ts), so
 * - a finding already commented (on this push or an earlier one) is not commented again;
 * - a thread of ours whose finding is gone after a new push is resolved (GraphQL
 *   resolveReviewThread: REST cannot resolve threads).
 * Findings off the diff get no comment (GitHub would reject the whole review); they stay in
 * the check-run summary.
 *
 * A comment carrying our marker is taken as ours whoever wrote it: at worst someone who copies
 * a marker keeps one comment of ours from being posted; the finding stays in the check run.
 */
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import type { GithubOctokit } from '../github/client.js';
import { commentPosition, type CommentableLines, type DiffPosition } from '../github/diff-lines.js';
import type { PullRequestRef } from '../github/pull-request.js';
import { findingFingerprint } from '../model/finding-fingerprint.js';
import type { Finding } from '../model/finding.js';
import { parseFingerprint, renderReviewComment } from '../render/review-comment.js';

/**
 * Comments per review. GitHub documents no cap, but very large reviews fail or trip the
 * secondary rate limit on content creation; what is left is posted after the next push.
 */
export const MAX_COMMENTS_PER_REVIEW = 50;

// Walked page by page by octokit's graphql.paginate ($cursor, pageInfo): a long-lived PR can
// hold more than the 100 threads one page carries.
const THREADS_QUERY = `query($owner: String!, $repo: String!, $pull: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $pull) {
      reviewThreads(first: 100, after: $cursor) {
        nodes { id isResolved comments(first: 1) { nodes { databaseId body } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

const RESOLVE_MUTATION = `mutation($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

const ThreadsAnswer = z.object({
  repository: z.object({
    pullRequest: z.object({
      reviewThreads: z.object({
        nodes: z.array(z.object({
          id: z.string(),
          isResolved: z.boolean(),
          comments: z.object({ nodes: z.array(z.object({ databaseId: z.number().nullable().optional(), body: z.string() })) }),
        })),
      }),
    }).nullable(),
  }).nullable(),
});

const ReviewCommentAnswer = z.object({ body: z.string() });

export interface ReviewOutcome {
  /** Comments posted now. */
  readonly posted: number;
  /** Findings already commented on an earlier review. */
  readonly alreadyThere: number;
  /** Findings with no commentable line (check run only). */
  readonly offDiff: number;
  /** Threads of ours resolved because their finding is gone. */
  readonly resolved: number;
}

interface PlannedComment {
  readonly position: DiffPosition;
  readonly body: string;
}

export class GithubReviewSink {
  readonly id = 'github-review';

  constructor(private readonly log: Logger) {}

  async publish(octokit: GithubOctokit, ref: PullRequestRef, findings: readonly Finding[], lines: CommentableLines): Promise<ReviewOutcome> {
    const existing = await this.#postedFingerprints(octokit, ref);
    const planned = new Map<string, PlannedComment>();
    let alreadyThere = 0;
    let offDiff = 0;
    for (const f of findings) {
      const fingerprint = findingFingerprint(f);
      if (existing.has(fingerprint)) { alreadyThere++; continue; }
      if (planned.has(fingerprint)) continue;
      const position = commentPosition(f, lines);
      if (position === null) { offDiff++; continue; }
      planned.set(fingerprint, { position, body: renderReviewComment(f) });
    }
    const comments = [...planned.values()].slice(0, MAX_COMMENTS_PER_REVIEW);
    if (comments.length > 0) {
      await octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        owner: ref.owner, repo: ref.repo, pull_number: ref.pull, commit_id: ref.headSha, event: 'COMMENT',
        body: `dax-review: ${String(comments.length)} new finding${comments.length === 1 ? '' : 's'} on this push; the "dax-review" check run lists them all.`,
        comments: comments.map((c) => ({ path: c.position.path, line: c.position.line, side: c.position.side, body: c.body })),
      });
    }
    const resolved = await this.#resolveGone(octokit, ref, new Set(findings.map(findingFingerprint)));
    const outcome = { posted: comments.length, alreadyThere, offDiff, resolved };
    this.log.debug({ ...outcome, leftForLater: planned.size - comments.length }, 'review comments published');
    return outcome;
  }

  async #postedFingerprints(octokit: GithubOctokit, ref: PullRequestRef): Promise<Set<string>> {
    const listed = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', { owner: ref.owner, repo: ref.repo, pull_number: ref.pull, per_page: 100 });
    const prints = z.array(ReviewCommentAnswer).parse(listed).map((c) => parseFingerprint(c.body)).filter((p) => p !== null);
    return new Set(prints);
  }

  /** Resolves open threads of ours (first comment carries our marker) whose fingerprint is not in `current`. */
  async #resolveGone(octokit: GithubOctokit, ref: PullRequestRef, current: ReadonlySet<string>): Promise<number> {
    const answer = ThreadsAnswer.parse(await octokit.graphql.paginate(THREADS_QUERY, { owner: ref.owner, repo: ref.repo, pull: ref.pull }));
    const threads = answer.repository?.pullRequest?.reviewThreads.nodes ?? [];
    let resolved = 0;
    for (const t of threads) {
      const fingerprint = parseFingerprint(t.comments.nodes[0]?.body ?? '');
      if (t.isResolved || fingerprint === null || current.has(fingerprint)) continue;
      await octokit.graphql(RESOLVE_MUTATION, { threadId: t.id });
      resolved++;
    }
    return resolved;
  }
}
