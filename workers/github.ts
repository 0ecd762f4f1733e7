import { Worker } from 'bullmq';
import type { ProjectConfig } from '../src/config/project-config.js';
import type { Rule } from '../src/engine/rule.js';
import type { Logger } from '../src/log/logger.js';
import { classify, isPermanent } from '../src/errors.js';
import { CheckRunLock } from '../src/github/check-run-lock.js';
import type { GithubClient, GithubOctokit } from '../src/github/client.js';
import { commentableLines } from '../src/github/diff-lines.js';
import { fetchPullRequest } from '../src/github/fetch-pull-request.js';
import { createHeadPulls, type HeadPulls } from '../src/github/head-pulls.js';
import type { GithubConfig } from '../src/github/github-config.js';
import { githubFailure } from '../src/github/github-failure.js';
import { GITHUB_REVIEW_QUEUE, GithubReviewJob } from '../src/github/jobs.js';
import type { PullRequestRef } from '../src/github/pull-request.js';
import { pullRequestMail } from '../src/github/pull-request-mail.js';
import { reviewPullRequest } from '../src/github/review-pull-request.js';
import { workerOptions, type WorkerBase } from '../src/queue/worker-base.js';
import { renderCheckRun, renderReviewFailure } from '../src/render/check-run.js';
import { CheckRunPublisher } from '../src/github/check-run-publisher.js';
import { ReviewCommentPublisher, type ReviewOutcome } from '../src/github/review-comment-publisher.js';

export interface GithubReviewDeps extends WorkerBase {
  readonly client: GithubClient;
  readonly config: GithubConfig;
  readonly review: ProjectConfig;
  readonly rules: readonly Rule[];
  /** Serialises reviews of one head commit; @defaultValue a CheckRunLock on `connection` */
  readonly lock?: CheckRunLock;
  /** Where each review notes its PR and head (check events of forks name no PR); @defaultValue on `connection` */
  readonly heads?: HeadPulls;
}

export interface GithubReviewSummary {
  readonly checkRunId: number;
  readonly conclusion: string;
  readonly findings: number;
  readonly annotations: number;
  /** null when review comments are off or the PR moved on. */
  readonly comments: ReviewOutcome | null;
  /** The PR's head is no longer the job's commit: nothing reviewed. */
  readonly superseded: boolean;
}

interface Run {
  readonly octokit: GithubOctokit;
  readonly ref: PullRequestRef;
  readonly checkRunId: number;
  readonly log: Logger;
}

interface Parts {
  readonly deps: GithubReviewDeps;
  readonly checks: CheckRunPublisher;
  readonly reviews: ReviewCommentPublisher;
}

/** Fetch, review, complete the check run, comment. `completed` is set once the run has its outcome. */
async function reviewInto(run: Run, parts: Parts, state: { completed: boolean }): Promise<GithubReviewSummary> {
  const { octokit, ref, checkRunId, log } = run;
  const { deps, checks, reviews } = parts;
  const snapshot = await fetchPullRequest(octokit, ref);
  if (snapshot.ref.headSha !== ref.headSha) {
    // A newer push has its own job; this commit's run says so instead of reviewing the new diff.
    const summary = `This commit is no longer the head of the pull request (now ${snapshot.ref.headSha}); the newer commit has its own check run.`;
    const runId = await checks.complete(octokit, ref, checkRunId, {
      conclusion: 'neutral',
      title: 'Superseded by a newer push',
      summary,
      annotations: [],
    });
    return { checkRunId: runId, conclusion: 'neutral', findings: 0, annotations: 0, comments: null, superseded: true };
  }
  const mail = await pullRequestMail(snapshot);
  const review = reviewPullRequest(snapshot, mail, { rules: deps.rules, config: deps.review });
  for (const c of review.crashes) log.error({ ruleId: c.rule, source: c.source, err: c.error }, 'rule crashed');
  const rendered = renderCheckRun(
    {
      findings: review.findings,
      crashedRules: [...new Set(review.crashes.map((c) => c.rule))],
      partial: review.partial,
    },
    deps.config.conclusions,
  );
  const runId = await checks.complete(octokit, ref, checkRunId, rendered);
  state.completed = true;
  const comments = deps.config.reviewComments
    ? await reviews.publish(octokit, ref, review.findings, commentableLines(mail.diff))
    : null;
  return {
    checkRunId: runId,
    conclusion: rendered.conclusion,
    findings: review.findings.length,
    annotations: rendered.annotations.length,
    comments,
    superseded: false,
  };
}

/** Reviews one pull request at one head commit: check run, then review comments. */
export function createGithubReviewWorker(deps: GithubReviewDeps): Worker<unknown, GithubReviewSummary> {
  const lock = deps.lock ?? new CheckRunLock(deps.connection, deps.prefix);
  const heads = deps.heads ?? createHeadPulls(deps.connection, deps.prefix);
  const parts: Parts = {
    deps,
    checks: new CheckRunPublisher({ checkName: deps.config.checkName, client: deps.client, log: deps.log }),
    reviews: new ReviewCommentPublisher(deps.log, deps.client),
  };
  return new Worker<unknown, GithubReviewSummary>(
    GITHUB_REVIEW_QUEUE,
    async (job) => {
      try {
        const data = GithubReviewJob.parse(job.data);
        const ref: PullRequestRef = {
          installationId: data.installationId,
          owner: data.owner,
          repo: data.repo,
          pull: data.pull,
          headSha: data.headSha,
        };
        const log = deps.log.child({
          queue: GITHUB_REVIEW_QUEUE,
          jobId: job.id,
          repo: `${data.owner}/${data.repo}`,
          pull: data.pull,
          headSha: data.headSha,
          reason: data.reason,
          deliveryId: data.deliveryId,
        });
        // Before anything can fail: a Re-run of this head's run must find its PR even then.
        await heads.record(ref);
        const octokit = await deps.client.forInstallation(data.installationId);
        const summary = await lock.withLock(ref, async () => {
          const checkRunId = await parts.checks.start(octokit, ref, { checkRunId: data.checkRunId });
          const state = { completed: false };
          try {
            return await reviewInto({ octokit, ref, checkRunId, log }, parts, state);
          } catch (err) {
            // A run must not stay in_progress for ever: when no retry will come, it says why.
            const failure = githubFailure(err);
            if (!state.completed && (isPermanent(failure) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1))) {
              const reason = failure instanceof Error ? failure.message : String(failure);
              await parts.checks.complete(octokit, ref, checkRunId, renderReviewFailure(reason)).catch((e: unknown) => {
                log.warn({ err: e }, 'could not mark the check run as not completed');
              });
            }
            throw failure;
          }
        });
        log.info(summary, 'pull request reviewed');
        return summary;
      } catch (err) {
        return classify(githubFailure(err), `github review job ${job.id ?? '?'}`);
      }
    },
    workerOptions(deps),
  );
}
