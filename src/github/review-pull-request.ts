/**
 * The review of one pull request: its patch mail (pull-request-mail.ts) through the one review
 * every front end runs (src/pipeline/review-patches.ts), so per-scope settings, era, supersedes
 * and crash isolation are the same as for mail. The project config's `lists[].match` applies to
 * `owner/repo` on GitHub (src/config/project-config.ts), so the mail's List-Id is set to that.
 * A PR is one patch (its head's diff, all its commit messages), in no series. Pure.
 */
import type { PatchMail } from '../model/patch-mail.js';
import { partialReasons, reviewPatches, type ReviewOptions } from '../pipeline/review-patches.js';
import type { PullRequestReview, PullRequestSnapshot } from './pull-request.js';

/** Findings keep the rule's file, line and side: new-side lines are head-commit lines. */
export function reviewPullRequest(
  snapshot: PullRequestSnapshot,
  mail: PatchMail,
  options: ReviewOptions,
): PullRequestReview {
  const scoped: PatchMail = { ...mail, listId: `${snapshot.ref.owner}/${snapshot.ref.repo}` };
  const review = reviewPatches([scoped], () => null, options);
  const partial = [...partialReasons(scoped), ...review.unreviewed.map((u) => u.reason)];
  return { snapshot, findings: review.findings, crashes: review.crashes, partial };
}
