/**
 * The parts of GitHub's webhook payloads that we read, and nothing more. Anything else in a
 * delivery is dropped by zod (objects strip unknown keys), so no code downstream can come to
 * depend on a field nobody validated. Field meanings: GitHub's "Webhook events and payloads".
 */
import { z } from 'zod';

const Sha = z.string().regex(/^[0-9a-f]{40}$/, 'a 40-hex commit id');
const Id = z.number().int().positive();

const Account = z.object({ login: z.string().min(1), type: z.string() });

export const Repository = z.object({
  id: Id,
  name: z.string().min(1),
  full_name: z.string().min(1),
  owner: z.object({ login: z.string().min(1) }),
});
export type Repository = z.infer<typeof Repository>;

/** Present when the delivery comes through a GitHub App installation. */
const Installation = z.object({ id: Id }).nullish();

/** An entry of check_suite.pull_requests / check_run.pull_requests (the PRs at that head). */
const CheckPullRequest = z.object({
  number: Id,
  base: z.object({ repo: z.object({ id: Id }) }),
});
export type CheckPullRequest = z.infer<typeof CheckPullRequest>;

/** Every event we handle names its action; read first to decide whether to look further. */
export const EventEnvelope = z.object({ action: z.string().optional() });

export const PullRequestEvent = z.object({
  action: z.string(),
  number: Id,
  pull_request: z.object({ state: z.enum(['open', 'closed']), head: z.object({ sha: Sha }) }),
  repository: Repository,
  installation: Installation,
});
export type PullRequestEvent = z.infer<typeof PullRequestEvent>;

export const CheckSuiteEvent = z.object({
  action: z.string(),
  check_suite: z.object({ head_sha: Sha, pull_requests: z.array(CheckPullRequest) }),
  repository: Repository,
  installation: Installation,
});
export type CheckSuiteEvent = z.infer<typeof CheckSuiteEvent>;

export const CheckRunEvent = z.object({
  action: z.string(),
  check_run: z.object({
    id: Id,
    name: z.string(),
    head_sha: Sha,
    pull_requests: z.array(CheckPullRequest),
    /** Ours names the PR (check-run-external-id.ts): the way back to a fork's PR. */
    external_id: z.string().nullish(),
  }),
  /** Only on requested_action: the button's identifier (ours is 'rereview'). */
  requested_action: z.object({ identifier: z.string() }).nullish(),
  repository: Repository,
  installation: Installation,
});
export type CheckRunEvent = z.infer<typeof CheckRunEvent>;

export const IssueCommentEvent = z.object({
  action: z.string(),
  issue: z.object({
    number: Id,
    /** Set (to an object of links) only when the issue is a pull request. */
    pull_request: z.object({}).nullish(),
  }),
  comment: z.object({ id: Id, body: z.string(), user: Account.nullable() }),
  sender: Account,
  repository: Repository,
  installation: Installation,
});
export type IssueCommentEvent = z.infer<typeof IssueCommentEvent>;
