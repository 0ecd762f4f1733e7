/**
 * The review of one pull request: its patch mail (pull-request-mail.ts) through reviewThread,
 * the engine path list mail takes, so per-scope settings, era, supersedes and crash isolation
 * are the same. The project config's `lists[].match` applies to `owner/repo` on GitHub
 * (src/config/project-config.ts), so the mail's List-Id is set to that. Pure.
 */
import type { PatchMail } from '../model/patch-mail.js';
import { reviewThread, type ReviewOptions } from '../review/review-thread.js';
import type { PullRequestReview, PullRequestSnapshot } from './pull-request.js';

/** Findings keep the rule's file, line and side: new-side lines are head-commit lines. */
export function reviewPullRequest(snapshot: PullRequestSnapshot, mail: PatchMail, options: ReviewOptions): PullRequestReview {
  const scoped: PatchMail = { ...mail, listId: `${snapshot.ref.owner}/${snapshot.ref.repo}` };
  const review = reviewThread([scoped], (m) => m === scoped, options);
  return {
    snapshot,
    findings: review.patches.flatMap((p) => p.findings),
    crashes: review.crashes,
  };
}
