/**
 * The GitHub App end to end, as `npm start` runs it: the service started on a real Redis with
 * GitHub configured through the environment (App id + private key, webhook secret, API URL,
 * PORT=0), real signed webhook payloads from @octokit/webhooks-examples posted to its HTTP
 * server, and a real HTTP server speaking GitHub's REST API (test/helpers/github) that records
 * every request. Nothing is mocked in the bot.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GITHUB_REVIEW_QUEUE } from '../../src/github/jobs.js';
import { cliInProcess } from '../helpers/cli-in-process.js';
import { FakeGithub, type FakeCheckRun } from '../helpers/github/fake-github.js';
import { pullFromMail } from '../helpers/github/pull-from-mail.js';
import { sign } from '../helpers/github/sign.js';
import { example as exampleOf, type Payload } from '../helpers/github/webhook-examples.js';
import { until } from '../helpers/until.js';
import { createHarness, type Harness } from '../helpers/service-harness.js';

/** identity.docsBase of this service: every docs link GitHub shows must be under it. */
const DOCS_BASE = 'https://docs.example.org/dax-review/gh';
const example = (event: string, action: string): Payload => exampleOf(event, action, 0, { withInstallation: true });

const CORPUS = join(import.meta.dirname, '../fixtures/corpus');
const KB9 = join(CORPUS, 'kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');
const CLEAN = [
  'relevant/004-v2-13-14-mm-gup-grab-head-page-refcount-once-for-group-of.eml',
  'relevant/005-v5-5-9-mm-introduce-mf-dax-kill-procs-for-fsdax-case.eml',
  'relevant/008-ndctl-6-6-build-add-meson-build-infrastructure.eml',
].map((p) => join(CORPUS, p));
const OWNER = 'dax-test';
const REPO = 'qemu';
const APP_ID = 777;
const INSTALLATION = 42;
const SECRET = 'test-webhook-secret';

/**
 * A real payload, pointed at our repository, PR and head commit. `fork`: the PR's head branch is
 * in a fork, for which GitHub lists no pull request in check_suite and check_run payloads.
 */
function retarget(
  payload: Record<string, unknown>,
  pull: number,
  headSha: string,
  { fork = false } = {},
): Record<string, unknown> {
  const p = payload as {
    repository: { name: string; full_name: string; owner: { login: string } };
    installation: { id: number };
    number?: number;
    pull_request?: { number: number; state: string; head: { sha: string } };
    check_suite?: { head_sha: string; pull_requests: unknown[] };
    check_run?: { id: number; name: string; head_sha: string; pull_requests: unknown[] };
  };
  const repoId = 4242;
  Object.assign(p.repository, { id: repoId, name: REPO, full_name: `${OWNER}/${REPO}` });
  p.repository.owner.login = OWNER;
  p.installation.id = INSTALLATION;
  const prRefs = fork ? [] : [{ number: pull, base: { repo: { id: repoId } } }];
  if (p.pull_request !== undefined) {
    p.number = pull;
    Object.assign(p.pull_request, { number: pull, state: 'open' });
    p.pull_request.head.sha = headSha;
  }
  if (p.check_suite !== undefined) Object.assign(p.check_suite, { head_sha: headSha, pull_requests: prRefs });
  if (p.check_run !== undefined) Object.assign(p.check_run, { head_sha: headSha, pull_requests: prRefs });
  return payload;
}

let fake: FakeGithub;
let h: Harness;
let base: string;

async function deliver(
  event: string,
  payload: unknown,
  delivery = randomUUID(),
): Promise<{ status: number; ms: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(payload);
  const started = performance.now();
  const res = await fetch(`${base}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': delivery,
      'x-hub-signature-256': sign(SECRET, body),
    },
    body,
  });
  const answer = (await res.json()) as Record<string, unknown>;
  return { status: res.status, ms: performance.now() - started, body: answer };
}

const runsFor = (sha: string): FakeCheckRun[] => fake.checkRuns(OWNER, REPO).filter((r) => r.head_sha === sha);

const completedRun = (sha: string): FakeCheckRun | undefined => {
  const runs = runsFor(sha);
  return runs.length > 0 && runs.every((r) => r.status === 'completed') ? runs[0] : undefined;
};

beforeAll(async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake = await FakeGithub.start({
    appId: APP_ID,
    installationId: INSTALLATION,
    appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  h = await createHarness({
    extraConfig: ['github: { reviewComments: true }', `identity: { docsBase: '${DOCS_BASE}' }`],
    extraEnv: {
      GITHUB_API_URL: fake.url,
      GITHUB_APP_ID: String(APP_ID),
      GITHUB_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      GITHUB_WEBHOOK_SECRET: SECRET,
      PORT: '0',
    },
  });
  const service = await h.start();
  expect(service.httpPort).not.toBeNull();
  base = `http://127.0.0.1:${String(service.httpPort)}`;
});

afterAll(async () => {
  await h.cleanup();
  await fake.close();
});

describe('GitHub App, end to end through the service', () => {
  it('answers /healthz once it can take work', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
  });

  it('reviews a PR made of a real patch: one completed check run with annotations, one comment per finding', async () => {
    const seed = await pullFromMail(KB9, { owner: OWNER, repo: REPO, number: 9 });
    fake.addPull(seed);
    const { status } = await deliver('pull_request', retarget(example('pull_request', 'opened'), 9, seed.headSha));
    expect(status).toBeLessThan(300);
    const run = await until('the check run of PR 9', () => completedRun(seed.headSha));
    expect(runsFor(seed.headSha)).toHaveLength(1);
    expect(run.name).toBe('dax-review');
    expect(run.conclusion).not.toBe('success');
    expect(run.annotations.length).toBeGreaterThan(0);
    expect(run.annotations.every((a) => a.path === 'mm/frame_vector.c')).toBe(true);
    const comments = await until('the review comments', () => {
      const c = fake.reviewComments(OWNER, REPO, 9);
      return c.length > 0 ? c : undefined;
    });
    expect(comments.map((c) => c.line).sort()).toEqual(run.annotations.map((a) => a.start_line).sort());
    for (const c of comments) expect(c.body).toMatch(/<!-- dax-review:fingerprint=[0-9a-f]+ -->/);
    // identity.docsBase reaches what GitHub shows: the summary table, the annotations and the comments.
    const rulePage = `${DOCS_BASE}/rules/longterm-pin-without-foll-longterm/README.md`;
    expect(run.output.summary).toContain(`(${rulePage})`);
    expect(run.annotations.every((a) => a.raw_details?.includes(`Rule documentation: ${rulePage}`) === true)).toBe(
      true,
    );
    for (const c of comments) expect(c.body).toContain(rulePage);
    expect(JSON.stringify([run.output, run.annotations, comments])).not.toContain('github.com/dax-review');
  });

  it('answers a burst of 200 deliveries within 10 s each, makes one check run per head commit, and rides out a 500 and a rate limit', async () => {
    const seeds = await Promise.all(
      CLEAN.map((path, i) => pullFromMail(path, { owner: OWNER, repo: REPO, number: 100 + i })),
    );
    for (const s of seeds) fake.addPull(s);
    fake.failNext('POST', /\/check-runs$/, [{ status: 500 }]);
    fake.failNext('GET', /\/pulls\/\d+\/files$/, [{ kind: 'secondary-rate-limit', retryAfterS: 1 }]);
    const kinds: [string, string][] = [
      ['pull_request', 'synchronize'],
      ['pull_request', 'opened'],
      ['pull_request', 'reopened'],
      ['check_suite', 'requested'],
    ];
    const deliveries = Array.from({ length: 200 }, (_, i) => {
      const seed = seeds[i % seeds.length];
      const [event, action] = kinds[i % kinds.length] ?? ['pull_request', 'synchronize'];
      if (seed === undefined) throw new Error('no seed');
      return { event, payload: retarget(example(event, action), seed.number, seed.headSha) };
    });
    const answers = await Promise.all(deliveries.map((d) => deliver(d.event, d.payload)));
    expect(answers.filter((a) => a.status >= 300)).toEqual([]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(10_000);
    for (const s of seeds) {
      const run = await until(`the check run of PR ${String(s.number)}`, () => completedRun(s.headSha));
      expect(runsFor(s.headSha), `one check run for ${s.headSha}`).toHaveLength(1);
      // Real patches that are right: the bot says so and nothing else.
      expect(run.conclusion).toBe('success');
      expect(run.annotations).toEqual([]);
      expect(fake.reviewComments(OWNER, REPO, s.number)).toEqual([]);
    }
    const statuses = fake.requests.map((r) => r.status);
    expect(statuses).toContain(500);
    expect(statuses).toContain(403);
  });

  it("re-runs on GitHub's Re-run button by updating the same check run", async () => {
    const seed = await pullFromMail(KB9, { owner: OWNER, repo: REPO, number: 9 });
    const [before] = runsFor(seed.headSha);
    if (before === undefined) throw new Error('PR 9 has no check run yet');
    const patchesBefore = fake.requests.filter(
      (r) => r.method === 'PATCH' && r.path.endsWith(`/check-runs/${String(before.id)}`),
    ).length;
    const payload = retarget(example('check_run', 'rerequested'), 9, seed.headSha) as {
      check_run: { id: number; name: string };
    };
    Object.assign(payload.check_run, { id: before.id, name: 'dax-review' });
    expect((await deliver('check_run', payload)).status).toBeLessThan(300);
    await until('the re-run', () => {
      const patches = fake.requests.filter(
        (r) => r.method === 'PATCH' && r.path.endsWith(`/check-runs/${String(before.id)}`),
      ).length;
      return patches > patchesBefore && completedRun(seed.headSha) !== undefined ? true : undefined;
    });
    expect(runsFor(seed.headSha)).toHaveLength(1);
    // Comments already made are not made again.
    const comments = fake.reviewComments(OWNER, REPO, 9);
    expect(new Set(comments.map((c) => c.body)).size).toBe(comments.length);
  });

  it('offers a Re-review button on the run, and pressing it (check_run requested_action) re-runs into the same run', async () => {
    const seed = await pullFromMail(KB9, { owner: OWNER, repo: REPO, number: 9 });
    const [before] = runsFor(seed.headSha);
    if (before === undefined) throw new Error('PR 9 has no check run yet');
    expect(before.actions).toEqual([expect.objectContaining({ identifier: 'rereview', label: 'Re-review' })]);
    const patches = (): number =>
      fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/check-runs/${String(before.id)}`)).length;
    const patchesBefore = patches();
    const payload = retarget(example('check_run', 'requested_action'), 9, seed.headSha) as {
      check_run: { id: number; name: string };
      requested_action: { identifier: string };
    };
    Object.assign(payload.check_run, { id: before.id, name: 'dax-review' });
    payload.requested_action.identifier = 'rereview';
    expect((await deliver('check_run', payload)).status).toBe(202);
    await until('the re-run', () =>
      patches() > patchesBefore && completedRun(seed.headSha) !== undefined ? true : undefined,
    );
    expect(runsFor(seed.headSha)).toHaveLength(1);
  });

  it('re-reviews from the command line (`dax-review rereview <PR URL>`): same check run, the summary printed', async () => {
    const seed = await pullFromMail(KB9, { owner: OWNER, repo: REPO, number: 9 });
    const [before] = runsFor(seed.headSha);
    if (before === undefined) throw new Error('PR 9 has no check run yet');
    const { code, out } = await cliInProcess(h.env, 'rereview', `https://github.com/${OWNER}/${REPO}/pull/9`);
    expect(code).toBe(0);
    expect(out).toContain(`${OWNER}/${REPO}#9: ${before.conclusion ?? '?'}`);
    expect(out).toMatch(
      new RegExp(`\\d+ findings?, ${String(before.annotations.length)} annotations? on check run ${String(before.id)}`),
    );
    expect(out).toMatch(/review comments: 0 posted, [1-9]\d* already there/);
    expect(runsFor(seed.headSha)).toHaveLength(1);
    // Found through the App's installation on the repository, then acted as that installation.
    expect(fake.requests.some((r) => r.path === `/repos/${OWNER}/${REPO}/installation` && r.auth === 'app-jwt')).toBe(
      true,
    );
  });

  describe('a PR from a fork: check events name no pull request', () => {
    const patchesOf = (id: number): number =>
      fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/check-runs/${String(id)}`)).length;

    /** Delivers the event and waits until the run has been started and completed once more. */
    async function expectRerun(event: string, payload: Record<string, unknown>, run: FakeCheckRun): Promise<void> {
      const before = patchesOf(run.id);
      expect(await deliver(event, payload)).toMatchObject({ status: 202, body: { queued: [expect.any(String)] } });
      await until('the re-run', () =>
        patchesOf(run.id) >= before + 2 && completedRun(run.head_sha) !== undefined ? true : undefined,
      );
    }

    async function pr9(): Promise<{ sha: string; run: FakeCheckRun }> {
      const seed = await pullFromMail(KB9, { owner: OWNER, repo: REPO, number: 9 });
      const [run] = runsFor(seed.headSha);
      if (run === undefined) throw new Error('PR 9 has no check run yet');
      return { sha: seed.headSha, run };
    }

    it("Re-run on our run finds its PR through the run's external id", async () => {
      const { sha, run } = await pr9();
      expect(run.external_id).toMatch(/^dax-review-pr9-/);
      const payload = retarget(example('check_run', 'rerequested'), 9, sha, { fork: true });
      Object.assign(payload.check_run as object, { id: run.id, name: 'dax-review', external_id: run.external_id });
      await expectRerun('check_run', payload, run);
      expect(runsFor(sha)).toHaveLength(1);
    });

    it('Re-run all (check_suite rerequested) and the Re-review button re-run it too', async () => {
      const { sha, run } = await pr9();
      await expectRerun('check_suite', retarget(example('check_suite', 'rerequested'), 9, sha, { fork: true }), run);
      const pressed = retarget(example('check_run', 'requested_action'), 9, sha, { fork: true });
      Object.assign(pressed.check_run as object, { id: run.id, name: 'dax-review', external_id: '' });
      (pressed.requested_action as { identifier: string }).identifier = 'rereview';
      await expectRerun('check_run', pressed, run);
      expect(runsFor(sha)).toHaveLength(1);
      expect(fake.requests.some((r) => r.path.endsWith(`/commits/${sha}/pulls`))).toBe(false);
    });

    it('a head the bot never reviewed: Re-run all asks GitHub for its PR; the automatic suite of a push asks nothing', async () => {
      const seed = await pullFromMail(KB9, { owner: OWNER, repo: REPO, number: 12, headSha: '2'.repeat(40) });
      fake.addPull(seed);
      const pushed = await deliver(
        'check_suite',
        retarget(example('check_suite', 'requested'), 12, seed.headSha, { fork: true }),
      );
      expect(pushed.status).toBe(202);
      expect(fake.requests.some((r) => r.path.endsWith(`/commits/${seed.headSha}/pulls`))).toBe(false);
      expect(
        (
          await deliver(
            'check_suite',
            retarget(example('check_suite', 'rerequested'), 12, seed.headSha, { fork: true }),
          )
        ).status,
      ).toBe(202);
      const run = await until('the review of PR 12', () => completedRun(seed.headSha));
      expect(run.external_id).toMatch(/^dax-review-pr12-/);
      expect(
        fake.requests.filter((r) => r.path === `/repos/${OWNER}/${REPO}/commits/${seed.headSha}/pulls`),
      ).toHaveLength(1);
    });
  });

  it('reviews a head again on its next delivery when its review failed for good and the fault is gone', async () => {
    // A head of its own: PR 9's run must not be the one this review finds.
    const seed = await pullFromMail(KB9, { owner: OWNER, repo: REPO, number: 11, headSha: '1'.repeat(40) });
    fake.addPull(seed);
    fake.failNext('GET', /\/pulls\/11\/files$/, [{ status: 404 }]);
    const first = await deliver('pull_request', retarget(example('pull_request', 'opened'), 11, seed.headSha));
    expect(first.status).toBe(202);
    const [jobId] = first.body.queued as string[];
    const queue = new Queue(GITHUB_REVIEW_QUEUE, { connection: { url: h.redisUrl }, prefix: h.prefix });
    try {
      await until('the failed review', async () =>
        (await queue.getJobState(jobId ?? '')) === 'failed' ? true : undefined,
      );
    } finally {
      await queue.close();
    }
    expect(completedRun(seed.headSha)?.output.title).toBe('Review not completed');
    const again = await deliver('pull_request', retarget(example('pull_request', 'synchronize'), 11, seed.headSha));
    expect(again.body).toEqual({ queued: [jobId] });
    const run = await until('the review of PR 11', () => {
      const r = completedRun(seed.headSha);
      return r?.conclusion === 'failure' ? r : undefined;
    });
    expect(run.annotations.length).toBeGreaterThan(0);
    expect(runsFor(seed.headSha)).toHaveLength(1);
    expect(
      fake.requests.filter((r) => r.path === `/repos/${OWNER}/${REPO}/pulls/11/files`).map((r) => r.status),
    ).toEqual([404, 200]);
  });

  it('says plainly when the command-line pull request does not exist', async () => {
    const { code } = await cliInProcess(h.env, 'rereview', `${OWNER}/${REPO}#404`);
    expect(code).toBe(2);
  });
});
