import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { GithubOctokit } from './client.js';
import type { CheckRunAnnotation, RenderedCheckRun } from '../render/check-run.js';
import { checkRunExternalId, legacyCheckRunExternalId } from './check-run-external-id.js';
import { CheckRunPublisher } from './check-run-publisher.js';

interface Call {
  readonly route: string;
  readonly params: Record<string, unknown>;
}

/** An octokit stand-in: records requests, answers from the given handlers. */
function stubOctokit(answers: { runs?: unknown[]; annotations?: unknown[] } = {}): {
  octokit: GithubOctokit;
  calls: Call[];
} {
  const calls: Call[] = [];
  const octokit = {
    request: (route: string, params: Record<string, unknown>) => {
      calls.push({ route, params });
      if (route.startsWith('GET') && route.endsWith('/check-runs'))
        return Promise.resolve({ data: { total_count: answers.runs?.length ?? 0, check_runs: answers.runs ?? [] } });
      if (route.startsWith('POST')) return Promise.resolve({ data: { id: 99 } });
      return Promise.resolve({ data: {} });
    },
    paginate: (route: string, params: Record<string, unknown>) => {
      calls.push({ route, params });
      return Promise.resolve(answers.annotations ?? []);
    },
  };
  return { octokit: octokit as unknown as GithubOctokit, calls };
}

const ref = { installationId: 1, owner: 'o', repo: 'r', pull: 3, headSha: 'a'.repeat(40) };
const log = pino({ level: 'silent' });
const publisher = (mode: 'app' | 'token' = 'app'): CheckRunPublisher =>
  new CheckRunPublisher({ checkName: 'dax-review', client: { mode, appId: mode === 'app' ? 7 : null }, log });

const annotation = (n: number): CheckRunAnnotation => ({
  path: 'a.c',
  start_line: n,
  end_line: n,
  annotation_level: 'warning',
  title: 'rule',
  message: `m${String(n)}`,
});
const rendered = (count: number): RenderedCheckRun => ({
  conclusion: 'neutral',
  title: 't',
  summary: 's',
  annotations: Array.from({ length: count }, (_, i) => annotation(i + 1)),
});

describe('CheckRunPublisher.start', () => {
  it('creates an in_progress run with our external id when the commit has none', async () => {
    const { octokit, calls } = stubOctokit();
    expect(await publisher().start(octokit, ref, { checkRunId: null })).toBe(99);
    expect(calls[0]).toMatchObject({
      route: 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
      params: { ref: ref.headSha, check_name: 'dax-review' },
    });
    expect(calls[1]).toMatchObject({
      route: 'POST /repos/{owner}/{repo}/check-runs',
      params: {
        name: 'dax-review',
        head_sha: ref.headSha,
        status: 'in_progress',
        external_id: checkRunExternalId(ref),
      },
    });
  });

  it("updates our App's run instead of creating one; runs of other Apps are not ours", async () => {
    const { octokit, calls } = stubOctokit({
      runs: [
        { id: 5, app: { id: 8 }, external_id: null },
        { id: 6, app: { id: 7 }, external_id: 'x' },
      ],
    });
    expect(await publisher().start(octokit, ref, { checkRunId: null })).toBe(6);
    expect(calls[1]).toMatchObject({
      route: 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
      params: { check_run_id: 6, status: 'in_progress' },
    });
    expect(calls.some((c) => c.route.startsWith('POST'))).toBe(false);
  });

  it('prefers the run with our external id', async () => {
    const { octokit } = stubOctokit({
      runs: [
        { id: 5, app: { id: 7 } },
        { id: 6, app: { id: 7 }, external_id: checkRunExternalId(ref) },
      ],
    });
    expect(await publisher().start(octokit, ref, { checkRunId: null })).toBe(6);
  });

  it('finds a run made before external ids named the PR', async () => {
    const { octokit } = stubOctokit({
      runs: [
        { id: 5, app: { id: 7 }, external_id: null },
        { id: 4, app: { id: 7 }, external_id: legacyCheckRunExternalId(ref) },
      ],
    });
    expect(await publisher().start(octokit, ref, { checkRunId: null })).toBe(4);
  });

  it('takes the newest of our runs when the head has several (findings changed on a re-run)', async () => {
    const external = checkRunExternalId(ref);
    const { octokit } = stubOctokit({
      runs: [
        { id: 6, app: { id: 7 }, external_id: external },
        { id: 8, app: { id: 7 }, external_id: external },
        { id: 7, app: { id: 7 }, external_id: external },
      ],
    });
    expect(await publisher().start(octokit, ref, { checkRunId: null })).toBe(8);
  });

  it('updates the run GitHub named on a re-run without looking', async () => {
    const { octokit, calls } = stubOctokit();
    expect(await publisher().start(octokit, ref, { checkRunId: 41 })).toBe(41);
    expect(calls.map((c) => c.route)).toEqual(['PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}']);
  });
});

describe('CheckRunPublisher.complete', () => {
  it('120 annotations: completion with the first 50, then two more PATCHes', async () => {
    const { octokit, calls } = stubOctokit();
    await publisher().complete(octokit, ref, 6, rendered(120));
    const patches = calls.filter((c) => c.route.startsWith('PATCH'));
    expect(patches).toHaveLength(3);
    expect(patches[0]?.params).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      output: { title: 't', summary: 's' },
    });
    const sizes = patches.map((p) => (p.params.output as { annotations: unknown[] }).annotations.length);
    expect(sizes).toEqual([50, 50, 20]);
    expect(patches[1]?.params).not.toHaveProperty('conclusion');
  });

  it('sends only annotations the run does not have yet (GitHub appends)', async () => {
    const { octokit, calls } = stubOctokit({
      annotations: [{ ...annotation(1), raw_details: null, blob_href: 'x' }, annotation(2)],
    });
    await publisher().complete(octokit, ref, 6, rendered(3));
    const patches = calls.filter((c) => c.route.startsWith('PATCH'));
    expect(patches).toHaveLength(1);
    expect(
      (patches[0]?.params.output as { annotations: CheckRunAnnotation[] }).annotations.map((a) => a.start_line),
    ).toEqual([3]);
  });

  it('the same annotations again: completes the same run and sends none', async () => {
    const { octokit, calls } = stubOctokit({
      annotations: rendered(3).annotations.map((a) => ({ ...a, blob_href: 'x' })),
    });
    expect(await publisher().complete(octokit, ref, 6, rendered(3))).toBe(6);
    expect(
      calls
        .filter((c) => !c.route.startsWith('GET'))
        .map((c) => [c.route, (c.params.output as { annotations: unknown[] }).annotations.length]),
    ).toEqual([['PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', 0]]);
  });

  it('an annotation that is no longer a finding: a new run with exactly the current ones, the old one closed as superseded', async () => {
    const { octokit, calls } = stubOctokit({ annotations: [annotation(1), annotation(9)] });
    expect(await publisher().complete(octokit, ref, 6, rendered(2))).toBe(99);
    const writes = calls.filter((c) => !c.route.startsWith('GET'));
    expect(writes.map((c) => c.route)).toEqual([
      'POST /repos/{owner}/{repo}/check-runs',
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
    ]);
    expect(writes[0]?.params).toMatchObject({
      name: 'dax-review',
      head_sha: ref.headSha,
      external_id: checkRunExternalId(ref),
      status: 'completed',
      conclusion: 'neutral',
    });
    expect(
      (writes[0]?.params.output as { annotations: CheckRunAnnotation[] }).annotations.map((a) => a.start_line),
    ).toEqual([1, 2]);
    expect(writes[1]?.params).toMatchObject({
      check_run_id: 6,
      conclusion: 'neutral',
      output: { title: 'Superseded by a newer run' },
    });
    expect(writes[1]?.params.output).not.toHaveProperty('annotations');
  });

  it('completes with no annotations at all', async () => {
    const { octokit, calls } = stubOctokit();
    await publisher().complete(octokit, ref, 6, rendered(0));
    expect(calls.filter((c) => c.route.startsWith('PATCH'))).toHaveLength(1);
  });
});
