/** What the GitHub review reads of a pull request, and what it makes of it. Pure data. */
import type { Finding } from '../model/finding.js';
import type { RuleCrash } from '../engine/run-rules.js';

export interface PullRequestRef {
  readonly installationId: number | null;
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
  readonly headSha: string;
}

/** One entry of GET /repos/{owner}/{repo}/pulls/{pull}/files. */
export interface PullRequestFile {
  readonly filename: string;
  /** Set for renamed (and copied) files. */
  readonly previousFilename: string | null;
  readonly status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** The hunks (from the first `@@`); null for binary files and diffs GitHub does not show. */
  readonly patch: string | null;
}

/** One entry of GET /repos/{owner}/{repo}/pulls/{pull}/commits. */
export interface PullRequestCommit {
  readonly sha: string;
  readonly message: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly date: string | null;
}

export interface PullRequestSnapshot {
  readonly ref: PullRequestRef;
  readonly title: string;
  readonly body: string;
  /** Login of the PR's author. */
  readonly author: string;
  readonly htmlUrl: string;
  readonly files: readonly PullRequestFile[];
  readonly commits: readonly PullRequestCommit[];
}

export interface PullRequestReview {
  readonly snapshot: PullRequestSnapshot;
  /** New-side lines are head-commit lines; old-side lines are base lines. */
  readonly findings: readonly Finding[];
  readonly crashes: readonly RuleCrash[];
  /** What the review did not read (diff limits), said in the check run. */
  readonly partial: readonly string[];
}
