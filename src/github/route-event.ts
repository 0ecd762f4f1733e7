/**
 * What a verified webhook delivery asks of us, decided without I/O: from the event name, the
 * parsed JSON and the config to a route the server carries out (queue jobs, run a comment
 * command, or answer and do nothing). Events and actions (GitHub "Webhook events and payloads"):
 *
 *   pull_request  opened | synchronize | reopened | ready_for_review   → 'pull_request' job
 *   check_suite   requested                                           → 'check_suite' job per PR
 *   check_suite   rerequested (the Re-run all button)                 → 'rerun' job per PR
 *   check_run     rerequested | requested_action 'rereview', our run  → 'rerun' job per PR
 *   issue_comment created, on a PR, by a person, holding the command  → comment command
 *
 * A check event lists no pull request when the PR's head branch is in a fork (GitHub sends
 * `pull_requests: []`); it becomes a 'find-pulls' route, which the server resolves with I/O
 * (find-pulls.ts).
 */
import { ZodError, type z } from 'zod';
import { pullOfExternalId } from './check-run-external-id.js';
import { repositoryEnabled, type GithubConfig } from './github-config.js';
import { githubReviewJobId, type GithubReviewJob, type GithubReviewReason } from './jobs.js';
import { hasCommentCommand } from './comment-command.js';
import {
  CheckRunEvent,
  CheckSuiteEvent,
  EventEnvelope,
  IssueCommentEvent,
  PullRequestEvent,
  type CheckPullRequest,
  type Repository,
} from './webhook-payloads.js';

/** The identifier of the "Re-review" button the check run offers (check_run requested_action). */
export const REREVIEW_ACTION = 'rereview';

/** A comment command, ready for the command handler (which checks who asked). */
export interface CommentCommand {
  readonly installationId: number | null;
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
  readonly commentId: number;
  /** Login of the person who posted the comment. */
  readonly commenter: string;
  readonly deliveryId: string;
}

export interface QueuedJob {
  readonly id: string;
  readonly data: GithubReviewJob;
}

/** What review jobs of a head are made of, before the PRs are known. */
export interface PullLookup {
  readonly installationId: number | null;
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  readonly reason: GithubReviewReason;
  readonly checkRunId: number | null;
  readonly deliveryId: string;
  /** The PR our check run's external_id names (check_run events on runs that carry one). */
  readonly externalPull: number | null;
}

export type EventRoute =
  | { readonly kind: 'ping' }
  | { readonly kind: 'ignore'; readonly reason: string }
  /** A handled event whose payload lacks what we read: a 400 with the reason. */
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'enqueue'; readonly jobs: readonly QueuedJob[] }
  /** A check event that names no PR of this repository: the server looks them up. */
  | { readonly kind: 'find-pulls'; readonly lookup: PullLookup }
  | { readonly kind: 'command'; readonly command: CommentCommand };

const HANDLED: Readonly<Record<string, readonly string[]>> = {
  pull_request: ['opened', 'synchronize', 'reopened', 'ready_for_review'],
  check_suite: ['requested', 'rerequested'],
  check_run: ['rerequested', 'requested_action'],
  issue_comment: ['created'],
};

type RouteConfig = Pick<GithubConfig, 'repositories' | 'checkName' | 'command'>;

interface Common {
  repository: Repository;
  installation?: { id: number } | null | undefined;
}

const ignore = (reason: string): EventRoute => ({ kind: 'ignore', reason });

function reasonOf(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
}

function lookupOf(
  e: Common,
  headSha: string,
  reason: GithubReviewReason,
  deliveryId: string,
  checkRunId: number | null = null,
  externalPull: number | null = null,
): PullLookup {
  return {
    installationId: e.installation?.id ?? null,
    owner: e.repository.owner.login,
    repo: e.repository.name,
    headSha,
    reason,
    checkRunId,
    deliveryId,
    externalPull,
  };
}

/** One review job per pull request at the lookup's head. */
export function jobsFor(l: PullLookup, pulls: readonly number[]): QueuedJob[] {
  return pulls.map((pull) => {
    const data: GithubReviewJob = {
      installationId: l.installationId,
      owner: l.owner,
      repo: l.repo,
      pull,
      headSha: l.headSha,
      reason: l.reason,
      checkRunId: l.checkRunId,
      deliveryId: l.deliveryId,
    };
    return { id: githubReviewJobId(data), data };
  });
}

/** Jobs for the PRs of a check suite or run: PRs of this repository only, each once. */
function checkJobs(e: Common, prs: readonly CheckPullRequest[], lookup: PullLookup): EventRoute {
  // A PR of another repository can list this head too; its number means nothing here.
  const numbers = [...new Set(prs.filter((p) => p.base.repo.id === e.repository.id).map((p) => p.number))];
  if (numbers.length === 0) {
    // The suite GitHub requests on every push names no PR for a branch without one, nor for a
    // fork's head; a PR's own pull_request event queues its review, so asking GitHub here would
    // cost an API call per push for nothing. A person's Re-run has no such event: look it up.
    return lookup.reason === 'check_suite'
      ? ignore("no pull request at this head (a PR's own pull_request event reviews it)")
      : { kind: 'find-pulls', lookup };
  }
  return { kind: 'enqueue', jobs: jobsFor(lookup, numbers) };
}

const isBot = (a: { login: string; type: string } | null): boolean =>
  a !== null && (a.type === 'Bot' || a.login.endsWith('[bot]'));

type Parsed =
  | { event: 'pull_request'; e: PullRequestEvent }
  | { event: 'check_suite'; e: CheckSuiteEvent }
  | { event: 'check_run'; e: CheckRunEvent }
  | { event: 'issue_comment'; e: IssueCommentEvent };

function parse(event: string, payload: unknown): Parsed | z.ZodError {
  const as = <E extends Parsed['event'], T>(ev: E, r: z.ZodSafeParseResult<T>): { event: E; e: T } | z.ZodError =>
    r.success ? { event: ev, e: r.data } : r.error;
  switch (event) {
    case 'pull_request':
      return as('pull_request', PullRequestEvent.safeParse(payload));
    case 'check_suite':
      return as('check_suite', CheckSuiteEvent.safeParse(payload));
    case 'check_run':
      return as('check_run', CheckRunEvent.safeParse(payload));
    default:
      return as('issue_comment', IssueCommentEvent.safeParse(payload));
  }
}

function commentRoute(e: IssueCommentEvent, config: RouteConfig, deliveryId: string): EventRoute {
  if (isBot(e.sender) || isBot(e.comment.user)) return ignore('comment by a bot');
  if (e.issue.pull_request == null) return ignore('comment on an issue, not a pull request');
  if (!hasCommentCommand(e.comment.body, config.command)) return ignore('no command in the comment');
  return {
    kind: 'command',
    command: {
      installationId: e.installation?.id ?? null,
      owner: e.repository.owner.login,
      repo: e.repository.name,
      pull: e.issue.number,
      commentId: e.comment.id,
      commenter: e.sender.login,
      deliveryId,
    },
  };
}

function routeParsed(p: Parsed, config: RouteConfig, deliveryId: string): EventRoute {
  switch (p.event) {
    case 'pull_request': {
      const { e } = p;
      if (e.pull_request.state === 'closed') return ignore('pull request is closed');
      return {
        kind: 'enqueue',
        jobs: jobsFor(lookupOf(e, e.pull_request.head.sha, 'pull_request', deliveryId), [e.number]),
      };
    }
    case 'check_suite': {
      const { e } = p;
      // rerequested is a person pressing "Re-run all": it must run even if this head was reviewed.
      const reason = e.action === 'rerequested' ? 'rerun' : 'check_suite';
      return checkJobs(e, e.check_suite.pull_requests, lookupOf(e, e.check_suite.head_sha, reason, deliveryId));
    }
    case 'check_run': {
      const { e } = p;
      if (e.check_run.name !== config.checkName) return ignore(`check run "${e.check_run.name}" is not ours`);
      if (e.action === 'requested_action' && e.requested_action?.identifier !== REREVIEW_ACTION)
        return ignore('requested action is not a re-review');
      const lookup = lookupOf(
        e,
        e.check_run.head_sha,
        'rerun',
        deliveryId,
        e.check_run.id,
        pullOfExternalId(e.check_run.external_id),
      );
      return checkJobs(e, e.check_run.pull_requests, lookup);
    }
    case 'issue_comment':
      return commentRoute(p.e, config, deliveryId);
  }
}

/**
 * Routes one verified delivery. `payload` is the parsed JSON, still unknown: the zod subset of
 * the event is checked only for handled actions, so an odd payload of an event we ignore is
 * ignored rather than refused.
 */
export function routeEvent(event: string, payload: unknown, config: RouteConfig, deliveryId: string): EventRoute {
  if (event === 'ping') return { kind: 'ping' };
  const actions = HANDLED[event];
  if (actions === undefined) return ignore(`event ${event} is not handled`);
  const envelope = EventEnvelope.safeParse(payload);
  if (!envelope.success) return { kind: 'invalid', reason: reasonOf(envelope.error) };
  const action = envelope.data.action ?? '(none)';
  if (!actions.includes(action)) return ignore(`${event} action ${action} is not handled`);
  const parsed = parse(event, payload);
  if (parsed instanceof ZodError) return { kind: 'invalid', reason: reasonOf(parsed) };
  const repo = parsed.e.repository.full_name;
  if (!repositoryEnabled(config, repo)) return ignore(`repository ${repo} is not enabled`);
  return routeParsed(parsed, config, deliveryId);
}
