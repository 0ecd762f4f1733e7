/**
 * The GitHub review queue: one job reviews one pull request at one head commit. Job ids are
 * derived from the PR and its head SHA, so the many deliveries GitHub sends for one push
 * (pull_request synchronize, check_suite requested, redeliveries) make one review; a re-run
 * asked for by a person (the Re-run button, a comment command) carries its delivery id and
 * always runs.
 */
import { z } from 'zod';
import { shortHash } from '../queue/names.js';

export const GITHUB_REVIEW_QUEUE = 'github-review';

export const GithubReviewReason = z.enum(['pull_request', 'check_suite', 'rerun', 'command']);
export type GithubReviewReason = z.infer<typeof GithubReviewReason>;

export const GithubReviewJob = z
  .object({
    /** The App installation that received the event; null with token auth. */
    installationId: z.number().int().positive().nullable(),
    owner: z.string().min(1),
    repo: z.string().min(1),
    pull: z.number().int().positive(),
    headSha: z.string().regex(/^[0-9a-f]{40}$/, 'a 40-hex commit id'),
    reason: GithubReviewReason,
    /** The check run GitHub asked to re-run, when the event named one. */
    checkRunId: z.number().int().positive().nullable().default(null),
    /** X-GitHub-Delivery of the event that asked for it (logs; re-run job ids). */
    deliveryId: z.string().min(1),
  })
  .strict();
export type GithubReviewJob = z.infer<typeof GithubReviewJob>;

const prKey = (j: Pick<GithubReviewJob, 'owner' | 'repo' | 'pull' | 'headSha'>): string =>
  `${j.owner.toLowerCase()}/${j.repo.toLowerCase()}#${String(j.pull)}@${j.headSha}`;

export function githubReviewJobId(
  j: Pick<GithubReviewJob, 'owner' | 'repo' | 'pull' | 'headSha' | 'reason' | 'deliveryId'>,
): string {
  const base = `gh-review-${shortHash(prKey(j))}`;
  return j.reason === 'rerun' || j.reason === 'command' ? `${base}-${shortHash(j.deliveryId, 16)}` : base;
}
