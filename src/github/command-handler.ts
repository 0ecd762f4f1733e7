/**
 * Carries out a `/dax-review <word>` comment command (route-event.ts has already dropped
 * comments by bots, on plain issues, and without the command). Only people who can push may
 * ask: the commenter's permission is read from the API, a refusal is one polite comment that
 * neither mentions nor quotes them, and an accepted command queues a 'command' review of the
 * PR's current head and is acknowledged with a reaction on the comment.
 *
 * It runs inside a webhook request, so every API call shares one deadline; a GitHub failure is
 * a TransientError, which the server answers with 503 so the delivery can be redelivered.
 */
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import type { GithubClient, GithubOctokit } from './client.js';
import type { GithubReviewJob } from './jobs.js';
import { queueReview } from './queue-review.js';
import type { CommentCommand } from './route-event.js';
import type { RefusalLedger } from './refusal-ledger.js';
import { statusOf, withinDeadline } from './within-deadline.js';

/** The API calls of one command must end well inside GitHub's 10 s wait for our answer. */
export const COMMAND_TIMEOUT_MS = 4000;

/** Roles that may ask for a review: the ones that can push to the repository. */
const MAY_ASK = new Set(['admin', 'maintain', 'write']);

/** No @-mention and no echo of the comment: nothing of the asker's text goes back out. */
export const REFUSAL =
  'Sorry, only people with write access to this repository can ask dax-review for a new review. ' +
  'A maintainer can post the command instead.';

/** The reaction that acknowledges an accepted command. */
export const ACK_REACTION = 'eyes';

// GET /repos/{owner}/{repo}/collaborators/{username}/permission: `permission` folds maintain
// into write and triage into read; `role_name` keeps the exact role.
const PermissionAnswer = z.object({ permission: z.string(), role_name: z.string().optional() });
const PullAnswer = z.object({ state: z.string(), head: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/) }) });

export type CommandOutcome =
  | { readonly kind: 'queued'; readonly jobId: string }
  | { readonly kind: 'refused' }
  | { readonly kind: 'ignored'; readonly reason: string };

export interface CommandHandlerDeps {
  readonly client: GithubClient;
  /** The GITHUB_REVIEW_QUEUE queue. */
  readonly queue: Queue;
  readonly log: Logger;
  /** @defaultValue COMMAND_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Refusals said once a day per commenter and PR; without it every refused command gets one. */
  readonly refusals?: RefusalLedger;
}

export type CommandHandler = (command: CommentCommand) => Promise<CommandOutcome>;

async function mayAsk(octokit: GithubOctokit, c: CommentCommand, signal: AbortSignal): Promise<boolean> {
  try {
    const res = await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', {
      owner: c.owner,
      repo: c.repo,
      username: c.commenter,
      request: { signal },
    });
    const answer = PermissionAnswer.parse(res.data);
    return MAY_ASK.has(answer.permission) || (answer.role_name !== undefined && MAY_ASK.has(answer.role_name));
  } catch (err) {
    // 404: not a collaborator at all (or no such user), which is no permission.
    if (statusOf(err) === 404) return false;
    throw err;
  }
}

export function createCommandHandler(deps: CommandHandlerDeps): CommandHandler {
  const timeoutMs = deps.timeoutMs ?? COMMAND_TIMEOUT_MS;
  return async (c) => {
    const log = deps.log.child({
      owner: c.owner,
      repo: c.repo,
      pull: c.pull,
      commentId: c.commentId,
      deliveryId: c.deliveryId,
    });
    const signal = AbortSignal.timeout(timeoutMs);
    const octokit = await withinDeadline('authentication', signal, () => deps.client.forInstallation(c.installationId));
    const allowed = await withinDeadline('permission check', signal, () => mayAsk(octokit, c, signal));
    if (!allowed) {
      const claim = deps.refusals === undefined ? 'unlimited' : await deps.refusals.claim(c);
      const say = claim !== null;
      if (say) {
        try {
          await withinDeadline('refusal comment', signal, () =>
            octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
              owner: c.owner,
              repo: c.repo,
              issue_number: c.pull,
              body: REFUSAL,
              request: { signal },
            }),
          );
        } catch (err) {
          // Not said, so not spent: the redelivery GitHub makes after our 503 must say it.
          if (claim !== 'unlimited')
            await claim.release().catch((e: unknown) => {
              log.error({ err: e }, 'could not release the refusal claim');
            });
          throw err;
        }
      }
      log.info({ commenter: c.commenter, said: say }, 'comment command refused: no write access');
      return { kind: 'refused' };
    }
    const pull = await withinDeadline('pull request lookup', signal, async () => {
      const res = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        owner: c.owner,
        repo: c.repo,
        pull_number: c.pull,
        request: { signal },
      });
      return PullAnswer.parse(res.data);
    });
    if (pull.state !== 'open') return { kind: 'ignored', reason: 'pull request is closed' };
    const data: GithubReviewJob = {
      installationId: c.installationId,
      owner: c.owner,
      repo: c.repo,
      pull: c.pull,
      headSha: pull.head.sha,
      reason: 'command',
      checkRunId: null,
      deliveryId: c.deliveryId,
    };
    // The id holds this delivery's id, so it is new unless GitHub redelivers it.
    const { id: jobId } = await queueReview(deps.queue, data);
    // The review is queued whatever happens to the acknowledgement; a lost reaction is not
    // worth a redelivery.
    try {
      await withinDeadline('reaction', signal, () =>
        octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
          owner: c.owner,
          repo: c.repo,
          comment_id: c.commentId,
          content: ACK_REACTION,
          request: { signal },
        }),
      );
    } catch (err) {
      log.warn({ err }, 'comment command queued, but the reaction failed');
    }
    log.info({ jobId, headSha: pull.head.sha }, 'comment command queued a review');
    return { kind: 'queued', jobId };
  };
}
