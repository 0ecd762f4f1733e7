/**
 * Check runs: create, update (annotations appended, as GitHub does), get, list for a commit,
 * list annotations. Validation failures answer 422 and change nothing.
 */
import { checkRunErrors, createCheckRun, updateCheckRun, type CheckRunUpdate } from '../check-run-schema.js';
import { json, notFound, paginate, validationFailed, type Reply, type RequestContext } from '../http.js';
import { numParam, param, type Router } from '../router.js';
import type { Store } from '../store.js';
import type { FakeCheckRun } from '../types.js';

const APP_SLUG = 'dax-review';

function checkRunJson(ctx: RequestContext, owner: string, repo: string, run: FakeCheckRun): Record<string, unknown> {
  const url = `${ctx.baseUrl}/repos/${owner}/${repo}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    name: run.name,
    head_sha: run.head_sha,
    external_id: run.external_id,
    url,
    html_url: `https://github.com/${owner}/${repo}/runs/${run.id}`,
    details_url: run.details_url,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: { ...run.output, annotations_count: run.annotations.length, annotations_url: `${url}/annotations` },
    check_suite: { id: 1 },
    app: { id: run.app_id, slug: APP_SLUG, name: APP_SLUG },
    pull_requests: [],
    actions: run.actions,
  };
}

/** GitHub's rule: conclusion is required once the run is (or is being) completed. */
function completionProblem(update: CheckRunUpdate, current: FakeCheckRun | null): string | null {
  const completing = update.status === 'completed' || update.completed_at !== undefined;
  if (completing && update.conclusion === undefined && current?.conclusion == null)
    return '"conclusion" wasn\'t supplied.';
  return null;
}

/** The update applied to `run` (a copy); the caller stores it once everything validated. */
function applyUpdate(run: FakeCheckRun, update: CheckRunUpdate): FakeCheckRun {
  const now = new Date().toISOString();
  const next: FakeCheckRun = {
    ...run,
    output: { ...run.output },
    annotations: [...run.annotations],
    actions: [...run.actions],
  };
  if (update.name !== undefined) next.name = update.name;
  if (update.details_url !== undefined) next.details_url = update.details_url;
  if (update.external_id !== undefined) next.external_id = update.external_id;
  if (update.started_at !== undefined) next.started_at = update.started_at;
  if (update.status !== undefined) next.status = update.status;
  if (update.conclusion !== undefined) {
    next.conclusion = update.conclusion;
    next.status = 'completed';
  }
  if (next.status === 'completed') next.completed_at = update.completed_at ?? run.completed_at ?? now;
  if (update.output !== undefined) {
    next.output = {
      title: update.output.title,
      summary: update.output.summary,
      text: update.output.text ?? next.output.text,
    };
    next.annotations.push(...(update.output.annotations ?? []).map((a) => ({ ...a })));
  }
  if (update.actions !== undefined) next.actions = update.actions.map((a) => ({ ...a }));
  return next;
}

export function checkRunRoutes(router: Router, store: Store, appId: number): void {
  const repoBase = '/repos/{owner}/{repo}';

  router.on('POST', `${repoBase}/check-runs`, (ctx, params) => {
    const owner = param(params, 'owner');
    const repo = param(params, 'repo');
    const parsed = createCheckRun.safeParse(ctx.body);
    if (!parsed.success) return validationFailed(checkRunErrors(parsed.error.issues));
    const problem = completionProblem(parsed.data, null);
    if (problem !== null)
      return validationFailed([{ resource: 'CheckRun', field: 'conclusion', code: 'missing_field', message: problem }]);
    const blank: FakeCheckRun = {
      id: store.id(),
      name: parsed.data.name,
      head_sha: parsed.data.head_sha,
      status: 'queued',
      conclusion: null,
      external_id: null,
      details_url: null,
      started_at: new Date().toISOString(),
      completed_at: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
      app_id: appId,
      actions: [],
    };
    const run = applyUpdate(blank, parsed.data);
    store.checkRuns(owner, repo).push(run);
    return json(201, checkRunJson(ctx, owner, repo, run));
  });

  const withRun =
    (handler: (ctx: RequestContext, owner: string, repo: string, runs: FakeCheckRun[], index: number) => Reply) =>
    (ctx: RequestContext, params: Readonly<Record<string, string>>): Reply => {
      const owner = param(params, 'owner');
      const repo = param(params, 'repo');
      const runs = store.checkRuns(owner, repo);
      const id = numParam(params, 'check_run_id');
      const index = runs.findIndex((r) => r.id === id);
      return index < 0 ? notFound() : handler(ctx, owner, repo, runs, index);
    };

  router.on(
    'PATCH',
    `${repoBase}/check-runs/{check_run_id}`,
    withRun((ctx, owner, repo, runs, index) => {
      const current = runs[index];
      if (current === undefined) return notFound();
      const parsed = updateCheckRun.safeParse(ctx.body ?? {});
      if (!parsed.success) return validationFailed(checkRunErrors(parsed.error.issues));
      const problem = completionProblem(parsed.data, current);
      if (problem !== null)
        return validationFailed([
          { resource: 'CheckRun', field: 'conclusion', code: 'missing_field', message: problem },
        ]);
      const run = applyUpdate(current, parsed.data);
      runs[index] = run;
      return json(200, checkRunJson(ctx, owner, repo, run));
    }),
  );

  router.on(
    'GET',
    `${repoBase}/check-runs/{check_run_id}`,
    withRun((ctx, owner, repo, runs, index) => {
      const run = runs[index];
      return run === undefined ? notFound() : json(200, checkRunJson(ctx, owner, repo, run));
    }),
  );

  router.on(
    'GET',
    `${repoBase}/check-runs/{check_run_id}/annotations`,
    withRun((ctx, owner, repo, runs, index) => {
      const run = runs[index];
      if (run === undefined) return notFound();
      const { page, headers } = paginate(ctx, run.annotations);
      const blob = `https://github.com/${owner}/${repo}/blob/${run.head_sha}`;
      return json(
        200,
        page.map((a) => ({
          start_column: null,
          end_column: null,
          title: null,
          raw_details: null,
          ...a,
          blob_href: `${blob}/${a.path}`,
        })),
        headers,
      );
    }),
  );

  router.on('GET', `${repoBase}/commits/{ref}/check-runs`, (ctx, params) => {
    const owner = param(params, 'owner');
    const repo = param(params, 'repo');
    const ref = param(params, 'ref');
    const { check_name: name, status, app_id: appFilter, filter } = ctx.query;
    let runs = store
      .checkRuns(owner, repo)
      .filter((r) => r.head_sha === ref)
      .filter((r) => name === undefined || r.name === name)
      .filter((r) => status === undefined || r.status === status)
      .filter((r) => appFilter === undefined || String(r.app_id) === appFilter)
      .reverse();
    if (filter !== 'all') runs = runs.filter((r, i) => runs.findIndex((o) => o.name === r.name) === i);
    const { page, headers } = paginate(ctx, runs);
    return json(
      200,
      { total_count: runs.length, check_runs: page.map((r) => checkRunJson(ctx, owner, repo, r)) },
      headers,
    );
  });
}
