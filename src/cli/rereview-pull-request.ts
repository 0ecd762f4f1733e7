/**
 * `dax-review rereview <pull request URL>`: the GitHub side of the re-review command. Finds the
 * PR's head commit (and, for an App, its installation), queues a re-run of its review for the
 * running service's GitHub worker, waits for it and returns the summary. The check run of that
 * head commit is updated in place, as GitHub's own Re-run button does.
 */
import { QueueEvents, Queue } from 'bullmq';
import { createGithubClient, githubConfigured } from '../github/client.js';
import { GITHUB_REVIEW_QUEUE, githubReviewJobId, type GithubReviewJob } from '../github/jobs.js';
import type { Logger } from '../log/logger.js';
import { createRedis } from '../queue/connection.js';
import { jobOptions } from '../queue/queues.js';
import type { GithubReviewSummary } from '../../workers/github.js';
import type { ServiceClient } from './service-client.js';

/** The pull request cannot be re-reviewed from here (GitHub not configured, PR not found). */
export class PullRequestTargetError extends Error {
  override readonly name = 'PullRequestTargetError';
}

export interface PullRequestTarget {
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
}

/** `https://github.com/o/r/pull/12` (any host: GitHub Enterprise too, any tail) or `o/r#12`; else null. */
export function pullRequestFrom(arg: string): PullRequestTarget | null {
  const m =
    /^https?:\/\/[^/]+\/([^/\s]+)\/([^/\s]+)\/pull\/(\d+)(?:[/?#].*)?$/.exec(arg.trim()) ??
    /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(arg.trim());
  if (m === null) return null;
  const [, owner = '', repo = '', pull = ''] = m;
  return { owner, repo, pull: Number(pull) };
}

export async function rereviewPullRequest(
  client: ServiceClient,
  target: PullRequestTarget,
  log: Logger,
  timeoutMs: number,
): Promise<GithubReviewSummary> {
  const { config, githubSecrets } = client.loaded;
  const name = `${target.owner}/${target.repo}#${String(target.pull)}`;
  if (!githubConfigured(config.github, githubSecrets)) {
    throw new PullRequestTargetError(
      `cannot re-review ${name}: GitHub is not configured (GITHUB_APP_ID with GITHUB_PRIVATE_KEY or GITHUB_PRIVATE_KEY_PATH, or GITHUB_TOKEN)`,
    );
  }
  const github = createGithubClient(config.github, githubSecrets, log);
  let installationId: number | null;
  let headSha: string;
  try {
    installationId = await github.installationFor(target.owner, target.repo);
    const octokit = await github.forInstallation(installationId);
    headSha = (await octokit.rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: target.pull })).data
      .head.sha;
  } catch (err) {
    throw new PullRequestTargetError(
      `cannot re-review ${name}: ${err instanceof Error ? err.message : String(err)} (${config.github.apiUrl})`,
    );
  }
  const job: GithubReviewJob = {
    installationId,
    owner: target.owner,
    repo: target.repo,
    pull: target.pull,
    headSha,
    reason: 'rerun',
    checkRunId: null,
    deliveryId: `cli-${String(Date.now())}`,
  };
  // QueueEvents blocks on a stream read: it needs a connection that retries (worker kind).
  const eventsConnection = createRedis(client.url, 'worker');
  const events = new QueueEvents(GITHUB_REVIEW_QUEUE, { connection: eventsConnection, prefix: client.prefix });
  const queue = new Queue(GITHUB_REVIEW_QUEUE, {
    connection: client.redis,
    prefix: client.prefix,
    defaultJobOptions: jobOptions(client.loaded.config.jobs),
  });
  try {
    await events.waitUntilReady();
    const added = await queue.add('github-review', job, { jobId: githubReviewJobId(job) });
    return (await added.waitUntilFinished(events, timeoutMs)) as GithubReviewSummary;
  } finally {
    await queue.close();
    await events.close();
    await eventsConnection.quit();
  }
}

export function formatPullRequestSummary(target: PullRequestTarget, s: GithubReviewSummary): string {
  const lines = [
    `${target.owner}/${target.repo}#${String(target.pull)}: ${s.superseded ? 'superseded by a newer push' : s.conclusion}`,
    `  ${String(s.findings)} finding${s.findings === 1 ? '' : 's'}, ${String(s.annotations)} annotation${s.annotations === 1 ? '' : 's'} on check run ${String(s.checkRunId)}`,
  ];
  if (s.comments !== null)
    lines.push(
      `  review comments: ${String(s.comments.posted)} posted, ${String(s.comments.alreadyThere)} already there, ${String(s.comments.resolved)} resolved`,
    );
  return `${lines.join('\n')}\n`;
}
