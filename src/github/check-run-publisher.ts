/**
 * The "dax-review" check run of a head commit: marked in_progress when a review starts and
 * completed with the rendered outcome (src/render/check-run.ts). A re-run (GitHub's Re-run, a
 * comment command, a redelivery) finds the run it made before and updates it. Callers hold
 * the CheckRunLock of the commit, so two reviews never race to create it.
 *
 * A run must end up carrying exactly the current findings as annotations. GitHub appends the
 * annotations of every update and can remove none, so the run's annotations are listed first:
 * - all of them are current findings (none yet, the same set, or part of it when an earlier
 *   attempt stopped between batches): the run is updated with the missing ones only;
 * - one of them is no longer a finding (the rules or the config changed since): that run can
 *   never lose it, so a new run of our name is made for the head, which GitHub shows instead
 *   (the newest run of a name), and the old one is closed as superseded.
 */
import type { Logger } from '../log/logger.js';
import { checkRunExternalId, legacyCheckRunExternalId } from './check-run-external-id.js';
import type { GithubClient, GithubOctokit } from './client.js';
import type { PullRequestRef } from './pull-request.js';
import { REREVIEW_ACTION } from './route-event.js';
import { annotationBatches, type CheckRunAnnotation, type RenderedCheckRun } from '../render/check-run.js';

/**
 * The button on a completed run (GitHub: label ≤ 20, description ≤ 40, identifier ≤ 20 chars);
 * pressing it sends check_run requested_action, which the webhook routes to a re-run.
 */
const REREVIEW_BUTTON = {
  label: 'Re-review',
  description: 'Run dax-review on this commit again',
  identifier: REREVIEW_ACTION,
};

interface ListedRun {
  readonly id: number | bigint;
  readonly external_id?: string | null;
  readonly app?: { readonly id?: number | bigint } | null;
}

interface AnnotationLike {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: string | null;
  readonly title?: string | null;
  readonly message: string | null;
}

const annotationKey = (a: AnnotationLike): string =>
  JSON.stringify([a.path, a.start_line, a.end_line, a.annotation_level, a.title ?? null, a.message]);

/** The items of `wanted` that no item of `have` matches, one for one (multisets, by annotationKey). */
function unmatched<T extends AnnotationLike>(wanted: readonly T[], have: readonly AnnotationLike[]): T[] {
  const left = new Map<string, number>();
  for (const a of have) left.set(annotationKey(a), (left.get(annotationKey(a)) ?? 0) + 1);
  return wanted.filter((a) => {
    const n = left.get(annotationKey(a)) ?? 0;
    if (n > 0) left.set(annotationKey(a), n - 1);
    return n === 0;
  });
}

export interface CheckRunPublisherOptions {
  readonly checkName: string;
  readonly client: Pick<GithubClient, 'mode' | 'appId'>;
  readonly log: Logger;
}

export class CheckRunPublisher {
  readonly id = 'github-checks';

  constructor(private readonly options: CheckRunPublisherOptions) {}

  /**
   * The check run of the ref's head commit, now in_progress: the one GitHub named (a re-run
   * request), else ours among the runs of that commit under our name, else a new one.
   */
  async start(
    octokit: GithubOctokit,
    ref: PullRequestRef,
    given: { readonly checkRunId: number | null },
  ): Promise<number> {
    const repo = { owner: ref.owner, repo: ref.repo };
    const existing = given.checkRunId ?? (await this.#findOurs(octokit, ref));
    const startedAt = new Date().toISOString();
    if (existing !== null) {
      await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...repo,
        check_run_id: existing,
        status: 'in_progress',
        started_at: startedAt,
      });
      return existing;
    }
    const created = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      ...repo,
      name: this.options.checkName,
      head_sha: ref.headSha,
      status: 'in_progress',
      started_at: startedAt,
      external_id: checkRunExternalId(ref),
    });
    this.options.log.debug({ checkRunId: Number(created.data.id) }, 'check run created');
    return Number(created.data.id);
  }

  /**
   * Completes the run with conclusion, output and the current findings as annotations, 50 a
   * request (GitHub's cap); see the header for when that takes a new run. Returns the id of
   * the run that holds the outcome.
   */
  async complete(
    octokit: GithubOctokit,
    ref: PullRequestRef,
    checkRunId: number,
    rendered: RenderedCheckRun,
  ): Promise<number> {
    const repo = { owner: ref.owner, repo: ref.repo };
    const listed: readonly AnnotationLike[] = await octokit.paginate(
      'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations',
      { ...repo, check_run_id: checkRunId, per_page: 100 },
    );
    const stale = unmatched(listed, rendered.annotations);
    const send = stale.length === 0 ? unmatched(rendered.annotations, listed) : rendered.annotations;
    const [first = [], ...rest] = annotationBatches(send);
    const output = (annotations: readonly CheckRunAnnotation[]) => ({
      title: rendered.title,
      summary: rendered.summary,
      annotations: [...annotations],
    });
    const done = {
      status: 'completed' as const,
      conclusion: rendered.conclusion,
      completed_at: new Date().toISOString(),
      output: output(first),
      actions: [REREVIEW_BUTTON],
    };
    let runId = checkRunId;
    if (stale.length === 0) {
      await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...repo,
        check_run_id: runId,
        ...done,
      });
    } else {
      const created = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
        ...repo,
        name: this.options.checkName,
        head_sha: ref.headSha,
        external_id: checkRunExternalId(ref),
        started_at: new Date().toISOString(),
        ...done,
      });
      runId = Number(created.data.id);
    }
    for (const batch of rest) {
      await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...repo,
        check_run_id: runId,
        output: output(batch),
      });
    }
    if (runId !== checkRunId) await this.#supersede(octokit, ref, checkRunId, runId);
    this.options.log.debug(
      {
        checkRunId: runId,
        annotations: send.length,
        kept: rendered.annotations.length - send.length,
        replacedRun: runId === checkRunId ? null : checkRunId,
      },
      'check run completed',
    );
    return runId;
  }

  /** Closes a run whose annotations are no longer the findings, pointing to the one that has them. */
  async #supersede(octokit: GithubOctokit, ref: PullRequestRef, oldId: number, newId: number): Promise<void> {
    const summary =
      `The findings of this commit changed when it was reviewed again; check run ${String(newId)} has the current ones. ` +
      'GitHub cannot remove the annotations of a run, so the ones shown here may be out of date.';
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner: ref.owner,
      repo: ref.repo,
      check_run_id: oldId,
      status: 'completed',
      conclusion: 'neutral',
      completed_at: new Date().toISOString(),
      output: { title: 'Superseded by a newer run', summary },
    });
    this.options.log.info(
      { checkRunId: newId, replacedRun: oldId },
      'findings changed on a re-run: a new check run holds them',
    );
  }

  /** Our run for the head commit: same external id first, else any run of our App under our name. */
  async #findOurs(octokit: GithubOctokit, ref: PullRequestRef): Promise<number | null> {
    const answer = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      owner: ref.owner,
      repo: ref.repo,
      ref: ref.headSha,
      check_name: this.options.checkName,
      filter: 'all',
      per_page: 100,
    });
    const { mode, appId } = this.options.client;
    const runs: readonly ListedRun[] = answer.data.check_runs;
    // With a token GitHub says which App made a run, but we are none: any run under our name is ours.
    const ours = runs.filter((r) => mode !== 'app' || (appId !== null && Number(r.app?.id) === appId));
    const external = new Set([checkRunExternalId(ref), legacyCheckRunExternalId(ref)]);
    // The newest: after findings changed on a re-run, the head has more than one of ours.
    const newest = (list: readonly ListedRun[]): ListedRun | undefined =>
      list.reduce<ListedRun | undefined>((a, r) => (a === undefined || Number(r.id) > Number(a.id) ? r : a), undefined);
    const run = newest(ours.filter((r) => external.has(r.external_id ?? ''))) ?? newest(ours);
    return run === undefined ? null : Number(run.id);
  }
}
