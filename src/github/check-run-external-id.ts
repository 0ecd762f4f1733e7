/**
 * The `external_id` of our check runs (GitHub: free text of at most 255 characters, handed back
 * in every check_run webhook). It names the pull request the run was made for, because
 * GitHub's check_run and check_suite payloads list no pull request when the PR's head branch is
 * in a fork (`pull_requests: []`), and a Re-run pressed on such a run must still find its PR.
 *
 *   dax-review-pr<number>-<hash>   since runs carry the PR (hash: repository, PR and head)
 *   dax-review-<hash>              earlier runs: still ours, but they name no PR
 */
import { shortHash } from '../queue/names.js';
import type { PullRequestRef } from './pull-request.js';

type Ref = Pick<PullRequestRef, 'owner' | 'repo' | 'pull' | 'headSha'>;

const hashOf = (ref: Ref): string =>
  shortHash(`${ref.owner.toLowerCase()}/${ref.repo.toLowerCase()}#${String(ref.pull)}@${ref.headSha}`);

export function checkRunExternalId(ref: Ref): string {
  return `dax-review-pr${String(ref.pull)}-${hashOf(ref)}`;
}

/** The external id runs were given before it named the PR (matched so they are still found). */
export function legacyCheckRunExternalId(ref: Ref): string {
  return `dax-review-${hashOf(ref)}`;
}

/** The PR number an external id of ours names; null for another App's id or an old one of ours. */
export function pullOfExternalId(externalId: string | null | undefined): number | null {
  const m = /^dax-review-pr([1-9]\d{0,9})-[0-9a-f]{32}$/.exec(externalId ?? '');
  return m?.[1] === undefined ? null : Number(m[1]);
}
