/**
 * The pull requests of a repository at a head commit, for a check event that listed none:
 * GitHub sends `pull_requests: []` in check_suite and check_run payloads when the PR's head
 * branch is in a fork, which is how most patches reach QEMU- or kernel-like projects. Cheapest
 * first:
 *  1. the PR our check run's external_id names (check_run events; check-run-external-id.ts),
 *     with the PRs the bot reviewed at that head (head-pulls.ts, Redis);
 *  2. only when neither knows one, GitHub: GET /repos/{owner}/{repo}/commits/{sha}/pulls, the
 *     open PRs of this repository whose head is that commit (a push with no PR finds none).
 * It runs inside the webhook request, so the API call has a deadline (within-deadline.ts).
 */
import { z } from 'zod';
import type { GithubClient } from './client.js';
import type { HeadPulls } from './head-pulls.js';
import type { PullLookup } from './route-event.js';
import { withinDeadline } from './within-deadline.js';

/** The API call must end well inside GitHub's 10 s wait for our answer. */
export const FIND_PULLS_TIMEOUT_MS = 4000;

const CommitPulls = z.array(
  z.object({
    number: z.number().int().positive(),
    state: z.string(),
    head: z.object({ sha: z.string() }),
    base: z.object({ repo: z.object({ full_name: z.string() }) }),
  }),
);

export interface PullFinderDeps {
  readonly client: GithubClient;
  /** Without it, step 1 has only the external id. */
  readonly heads?: HeadPulls;
  /** @defaultValue FIND_PULLS_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/** The PR numbers at the lookup's head, ascending; empty when it has none. */
export type PullFinder = (lookup: PullLookup) => Promise<number[]>;

export function createPullFinder(deps: PullFinderDeps): PullFinder {
  return async (l) => {
    const known = new Set((await deps.heads?.pullsAt(l)) ?? []);
    if (l.externalPull !== null) known.add(l.externalPull);
    if (known.size > 0) return [...known].sort((a, b) => a - b);
    const signal = AbortSignal.timeout(deps.timeoutMs ?? FIND_PULLS_TIMEOUT_MS);
    const octokit = await withinDeadline('authentication', signal, () => deps.client.forInstallation(l.installationId));
    const listed = await withinDeadline('pull request lookup by commit', signal, async () =>
      CommitPulls.parse(
        (
          await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
            owner: l.owner,
            repo: l.repo,
            commit_sha: l.headSha,
            per_page: 100,
            request: { signal },
          })
        ).data,
      ),
    );
    const repo = `${l.owner}/${l.repo}`.toLowerCase();
    return listed
      .filter((p) => p.state === 'open' && p.head.sha === l.headSha && p.base.repo.full_name.toLowerCase() === repo)
      .map((p) => p.number)
      .sort((a, b) => a - b);
  };
}
