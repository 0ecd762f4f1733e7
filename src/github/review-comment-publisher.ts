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
 * Only comments the bot wrote count as ours: anyone can paste a marker into a comment, and a
 * pasted one must neither keep our comment from being posted nor get a person's thread resolved
 * by the bot. The author must be the bot's own login when it is known (an App's `<slug>[bot]`,
 * a token's user), else at least a Bot account. Threads are matched to our comments by the
 * first comment's database id, so the REST listing, which names authors, decides for both.
 */
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import type { GithubOctokit } from './client.js';
import { commentPosition, type CommentableLines, type DiffPosition } from './diff-lines.js';
import type { PullRequestRef } from './pull-request.js';
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
        nodes { id isResolved comments(first: 1) { nodes { databaseId } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

const RESOLVE_MUTATION = `mutation($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

const ThreadsAnswer = z.object({
  repository: z
    .object({
      pullRequest: z
        .object({
          reviewThreads: z.object({
            nodes: z.array(
              z.object({
                id: z.string(),
                isResolved: z.boolean(),
                comments: z.object({ nodes: z.array(z.object({ databaseId: z.number().nullable().optional() })) }),
              }),
            ),
          }),
        })
        .nullable(),
    })
    .nullable(),
});

const ReviewCommentAnswer = z.object({
  id: z.number(),
  body: z.string(),
  user: z.object({ login: z.string(), type: z.string() }).nullable(),
});
type ReviewCommentAnswer = z.infer<typeof ReviewCommentAnswer>;

/** Who the bot is on GitHub (GithubClient.botLogin). */
export interface BotIdentity {
  /** The login the bot writes as; null when unknown. */
  botLogin(): Promise<string | null>;
}

/** Did the bot write this comment? Its login when known, else at least a Bot account. */
function byBot(c: ReviewCommentAnswer, login: string | null): boolean {
  if (c.user === null) return false;
  return login === null ? c.user.type === 'Bot' : c.user.login.toLowerCase() === login.toLowerCase();
}

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

export class ReviewCommentPublisher {
  readonly id = 'github-review';

  constructor(
    private readonly log: Logger,
    private readonly identity: BotIdentity,
  ) {}

  async publish(
    octokit: GithubOctokit,
    ref: PullRequestRef,
    findings: readonly Finding[],
    lines: CommentableLines,
  ): Promise<ReviewOutcome> {
    const ours = await this.#ourComments(octokit, ref);
    const existing = new Set(ours.values());
    const planned = new Map<string, PlannedComment>();
    let alreadyThere = 0;
    let offDiff = 0;
    for (const f of findings) {
      const fingerprint = findingFingerprint(f);
      if (existing.has(fingerprint)) {
        alreadyThere++;
        continue;
      }
      if (planned.has(fingerprint)) continue;
      const position = commentPosition(f, lines);
      if (position === null) {
        offDiff++;
        continue;
      }
      planned.set(fingerprint, { position, body: renderReviewComment(f) });
    }
    const comments = [...planned.values()].slice(0, MAX_COMMENTS_PER_REVIEW);
    if (comments.length > 0) {
      await octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        owner: ref.owner,
        repo: ref.repo,
        pull_number: ref.pull,
        commit_id: ref.headSha,
        event: 'COMMENT',
        body: `dax-review: ${String(comments.length)} new finding${comments.length === 1 ? '' : 's'} on this push; the "dax-review" check run lists them all.`,
        comments: comments.map((c) => ({
          path: c.position.path,
          line: c.position.line,
          side: c.position.side,
          body: c.body,
        })),
      });
    }
    const resolved = await this.#resolveGone(octokit, ref, ours, new Set(findings.map(findingFingerprint)));
    const outcome = { posted: comments.length, alreadyThere, offDiff, resolved };
    this.log.debug({ ...outcome, leftForLater: planned.size - comments.length }, 'review comments published');
    return outcome;
  }

  /** Review comments the bot wrote that carry our marker: comment id → fingerprint. */
  async #ourComments(octokit: GithubOctokit, ref: PullRequestRef): Promise<Map<number, string>> {
    const listed = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', {
      owner: ref.owner,
      repo: ref.repo,
      pull_number: ref.pull,
      per_page: 100,
    });
    const login = await this.identity.botLogin();
    const ours = new Map<number, string>();
    for (const c of z.array(ReviewCommentAnswer).parse(listed)) {
      const fingerprint = parseFingerprint(c.body);
      if (fingerprint !== null && byBot(c, login)) ours.set(c.id, fingerprint);
    }
    return ours;
  }

  /** Resolves open threads opened by a comment of ours whose fingerprint is not in `current`. */
  async #resolveGone(
    octokit: GithubOctokit,
    ref: PullRequestRef,
    ours: ReadonlyMap<number, string>,
    current: ReadonlySet<string>,
  ): Promise<number> {
    const answer = ThreadsAnswer.parse(
      await octokit.graphql.paginate(THREADS_QUERY, { owner: ref.owner, repo: ref.repo, pull: ref.pull }),
    );
    const threads = answer.repository?.pullRequest?.reviewThreads.nodes ?? [];
    let resolved = 0;
    for (const t of threads) {
      const first = t.comments.nodes[0]?.databaseId;
      const fingerprint = first == null ? undefined : ours.get(first);
      if (t.isResolved || fingerprint === undefined || current.has(fingerprint)) continue;
      await octokit.graphql(RESOLVE_MUTATION, { threadId: t.id });
      resolved++;
    }
    return resolved;
  }
}
