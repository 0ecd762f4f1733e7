/**
 * The "dax-review" check run of a head commit: marked in_progress when a review starts and
 * completed with the rendered outcome (src/render/check-run.ts). One run per head commit and
 * check name: a re-run (GitHub's Re-run, a comment command, a redelivery) finds the run it
 * made before and updates it, never piling up new ones. Callers hold the CheckRunLock of the
 * commit, so two reviews never race to create it.
 *
 * GitHub appends annotations on every update and offers no way to remove them, so before
 * sending, the annotations the run already has are listed and only missing ones are sent: the
 * same review done twice (a retried job, a re-run) leaves each annotation once.
 */
import type { Logger } from '../log/logger.js';
import { shortHash } from '../queue/names.js';
import type { GithubClient, GithubOctokit } from '../github/client.js';
import type { PullRequestRef } from '../github/pull-request.js';
import { REREVIEW_ACTION } from '../github/route-event.js';
import { annotationBatches, type CheckRunAnnotation, type RenderedCheckRun } from '../render/check-run.js';

/**
 * The button on a completed run (GitHub: label ≤ 20, description ≤ 40, identifier ≤ 20 chars);
 * pressing it sends check_run requested_action, which the webhook routes to a re-run.
 */
const REREVIEW_BUTTON = { label: 'Re-review', description: 'Run dax-review on this commit again', identifier: REREVIEW_ACTION };

/** GitHub: `external_id` is free text of at most 255 characters; ours identifies the PR at its head. */
export function checkRunExternalId(ref: Pick<PullRequestRef, 'owner' | 'repo' | 'pull' | 'headSha'>): string {
  return `dax-review-${shortHash(`${ref.owner.toLowerCase()}/${ref.repo.toLowerCase()}#${String(ref.pull)}@${ref.headSha}`)}`;
}

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

export interface GithubChecksOptions {
  readonly checkName: string;
  readonly client: Pick<GithubClient, 'mode' | 'appId'>;
  readonly log: Logger;
}

export class GithubChecksSink {
  readonly id = 'github-checks';

  constructor(private readonly options: GithubChecksOptions) {}

  /**
   * The check run of the ref's head commit, now in_progress: the one GitHub named (a re-run
   * request), else ours among the runs of that commit under our name, else a new one.
   */
  async start(octokit: GithubOctokit, ref: PullRequestRef, given: { readonly checkRunId: number | null }): Promise<number> {
    const repo = { owner: ref.owner, repo: ref.repo };
    const existing = given.checkRunId ?? (await this.#findOurs(octokit, ref));
    const startedAt = new Date().toISOString();
    if (existing !== null) {
      await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: existing, status: 'in_progress', started_at: startedAt });
      return existing;
    }
    const created = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      ...repo, name: this.options.checkName, head_sha: ref.headSha, status: 'in_progress', started_at: startedAt, external_id: checkRunExternalId(ref),
    });
    this.options.log.debug({ checkRunId: Number(created.data.id) }, 'check run created');
    return Number(created.data.id);
  }

  /** Completes the run with conclusion and output; annotations go 50 a request (GitHub's cap). */
  async complete(octokit: GithubOctokit, ref: PullRequestRef, checkRunId: number, rendered: RenderedCheckRun): Promise<void> {
    const params = { owner: ref.owner, repo: ref.repo, check_run_id: checkRunId };
    const already = new Set((await octokit.paginate('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', { ...params, per_page: 100 })).map(annotationKey));
    const fresh = rendered.annotations.filter((a) => !already.has(annotationKey(a)));
    const [first = [], ...rest] = annotationBatches(fresh);
    const output = (annotations: readonly CheckRunAnnotation[]) => ({ title: rendered.title, summary: rendered.summary, annotations: [...annotations] });
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...params, status: 'completed', conclusion: rendered.conclusion, completed_at: new Date().toISOString(), output: output(first),
      actions: [REREVIEW_BUTTON],
    });
    for (const batch of rest) {
      await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...params, output: output(batch) });
    }
    this.options.log.debug({ checkRunId, annotations: fresh.length, skipped: rendered.annotations.length - fresh.length }, 'check run completed');
  }

  /** Our run for the head commit: same external id first, else any run of our App under our name. */
  async #findOurs(octokit: GithubOctokit, ref: PullRequestRef): Promise<number | null> {
    const answer = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      owner: ref.owner, repo: ref.repo, ref: ref.headSha, check_name: this.options.checkName, filter: 'all', per_page: 100,
    });
    const { mode, appId } = this.options.client;
    const runs: readonly ListedRun[] = answer.data.check_runs;
    // With a token GitHub says which App made a run, but we are none: any run under our name is ours.
    const ours = runs.filter((r) => mode !== 'app' || appId !== null && Number(r.app?.id) === appId);
    const external = checkRunExternalId(ref);
    const run = ours.find((r) => r.external_id === external) ?? ours[0];
    return run === undefined ? null : Number(run.id);
  }
}
