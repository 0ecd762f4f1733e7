/**
 * The GitHub review job end to end: a real Redis (random BullMQ prefix), the review worker,
 * octokit with its retry and throttling plugins, and the fake GitHub REST server. PRs are made
 * of real patch mails (kb row 9 for findings, a relevant/ patch for a clean one), and their
 * findings must be exactly what `dax-review check` says of the same mail.
 */
import { Queue, QueueEvents, type Job, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../../src/check/check-inputs.js';
import { EMPTY_CONFIG, ProjectConfig } from '../../src/config/project-config.js';
import { createGithubClient, type GithubClient } from '../../src/github/client.js';
import { GithubConfig } from '../../src/github/github-config.js';
import { GITHUB_REVIEW_QUEUE, type GithubReviewJob } from '../../src/github/jobs.js';
import { Secret } from '../../src/github/secrets.js';
import { findingFingerprint } from '../../src/model/finding-fingerprint.js';
import { parseFingerprint, renderReviewComment } from '../../src/render/review-comment.js';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { commentableLines } from '../../src/github/diff-lines.js';
import type { Finding } from '../../src/model/finding.js';
import { ReviewCommentPublisher } from '../../src/github/review-comment-publisher.js';
import { Octokit } from 'octokit';
import { createGithubReviewWorker, type GithubReviewSummary } from '../../workers/github.js';
import { FakeGithub, type PullSeed } from '../helpers/github/fake-github.js';
import { pullFromMail } from '../helpers/github/pull-from-mail.js';
import { PIN_HELPER, VFIO_PIN_SITE } from '../helpers/derived-mails.js';
import { deleteKeys, TEST_REDIS_URL } from '../helpers/service-harness.js';

const corpus = (p: string): string => fileURLToPath(new URL(`../fixtures/corpus/${p}`, import.meta.url));
const KB9 = corpus('kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml');
const CLEAN = corpus('relevant/001-ndctl-dimm-fix-to-dump-namespace-indexs-and-labels.eml');

const APP_ID = 4242;
const INSTALLATION = 77;
const TOKEN = 'ghp_faketoken0123456789';
const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

const log = pino({ level: 'silent' });

/**
 * kb row 9's first hunk with FOLL_LONGTERM added to the pin's flags (through pin_user_pages():
 * the _locked variant refused FOLL_LONGTERM before v6.2, another rule): the finding is gone.
 */
function fixedPush(seed: PullSeed): PullSeed {
  const files = seed.files.map((f) => ({
    ...f,
    patch: (f.patch ?? '').replace(
      '-\t\tret = get_user_pages_locked(start, nr_frames,\n+\t\tret = pin_user_pages_locked(start, nr_frames,\n \t\t\tgup_flags, (struct page **)(vec->ptrs), &locked);',
      '-\t\tret = get_user_pages_locked(start, nr_frames,\n-\t\t\tgup_flags, (struct page **)(vec->ptrs), &locked);\n+\t\tret = pin_user_pages(start, nr_frames,\n+\t\t\tgup_flags | FOLL_LONGTERM, (struct page **)(vec->ptrs), NULL);',
    ),
  }));
  expect(files[0]?.patch).toContain('FOLL_LONGTERM');
  const headSha = 'f'.repeat(40);
  return { ...seed, headSha, files, commits: seed.commits.map((c) => ({ ...c, sha: headSha })) };
}

describe('GitHub review job (real Redis, fake GitHub)', () => {
  let fake: FakeGithub;
  let prefix = '';
  let redis: Redis;
  let queue: Queue;
  let events: QueueEvents;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    fake = await FakeGithub.start({ appId: APP_ID, appPublicKeyPem: publicKey, token: TOKEN });
  });
  afterAll(async () => {
    await fake.close();
  });

  beforeEach(async () => {
    prefix = `t${randomBytes(6).toString('hex')}`;
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(GITHUB_REVIEW_QUEUE, { connection: redis, prefix });
    events = new QueueEvents(GITHUB_REVIEW_QUEUE, { connection: redis.duplicate(), prefix });
    await events.waitUntilReady();
  });
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await events.close();
    await queue.close();
    await deleteKeys(TEST_REDIS_URL, prefix);
    redis.disconnect();
  });

  function client(mode: 'app' | 'token'): GithubClient {
    const config = GithubConfig.parse({ apiUrl: fake.url, ...(mode === 'app' ? { appId: APP_ID } : {}) });
    const secrets =
      mode === 'app'
        ? { privateKey: new Secret(privateKey), token: null, webhookSecret: null }
        : { privateKey: null, token: new Secret(TOKEN), webhookSecret: null };
    return createGithubClient(config, secrets, log, { serverErrorRetries: 2 });
  }

  function startWorker(
    mode: 'app' | 'token',
    settings: Record<string, unknown> = {},
    review: ProjectConfig = EMPTY_CONFIG,
  ): Worker {
    const worker = createGithubReviewWorker({
      connection: redis,
      prefix,
      log,
      concurrency: 2,
      client: client(mode),
      config: GithubConfig.parse({ apiUrl: fake.url, ...settings }),
      review,
      rules,
    });
    closers.push(() => worker.close());
    return worker;
  }

  let jobs = 0;
  async function enqueue(
    seed: Pick<PullSeed, 'owner' | 'repo' | 'number' | 'headSha'>,
    mode: 'app' | 'token',
    checkRunId: number | null,
  ): Promise<Job> {
    const data: GithubReviewJob = {
      installationId: mode === 'app' ? INSTALLATION : null,
      owner: seed.owner,
      repo: seed.repo,
      pull: seed.number,
      headSha: seed.headSha,
      reason: checkRunId === null ? 'pull_request' : 'rerun',
      checkRunId,
      deliveryId: `d-${String(++jobs)}`,
    };
    return queue.add('review', data, {
      jobId: `job-${String(jobs)}`,
      attempts: 3,
      backoff: { type: 'fixed', delay: 100 },
    });
  }
  async function review(
    seed: PullSeed,
    mode: 'app' | 'token' = 'app',
    checkRunId: number | null = null,
  ): Promise<GithubReviewSummary> {
    const job = await enqueue(seed, mode, checkRunId);
    return (await job.waitUntilFinished(events, 60_000)) as GithubReviewSummary;
  }

  async function expectedFindings(eml: string): Promise<{ rule: string; file: string | null; line: number | null }[]> {
    const report = await checkInputs([eml], { rules, workers: 0 });
    return report.findings.map((f) => ({ rule: f.rule, file: f.file, line: f.line }));
  }

  it('kb row 9 (App auth): the check run holds exactly the findings of `dax-review check`, annotated and commented', async () => {
    startWorker('app');
    const seed = await pullFromMail(KB9, { owner: 'kb', repo: 'linux', number: 9 });
    fake.addPull(seed);
    const expected = await expectedFindings(KB9);
    expect(expected.length).toBeGreaterThan(0);

    const summary = await review(seed);
    expect(summary).toMatchObject({ conclusion: 'failure', findings: expected.length, superseded: false });

    const runs = fake.checkRuns('kb', 'linux');
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run).toMatchObject({
      name: 'dax-review',
      head_sha: seed.headSha,
      status: 'completed',
      conclusion: 'failure',
      app_id: APP_ID,
    });
    expect(run.output.title).toBe(
      `${String(expected.length)} finding${expected.length === 1 ? '' : 's'}: ${String(expected.length)} error${expected.length === 1 ? '' : 's'}`,
    );
    for (const f of expected)
      expect(run.output.summary).toContain(`${(f.file ?? '').replace(/[_.]/g, '\\$&')}:${String(f.line)}`);
    expect(run.annotations.map((a) => ({ rule: a.title, file: a.path, line: a.start_line }))).toEqual(expected);
    expect(run.annotations.every((a) => a.annotation_level === 'failure' && a.end_line === a.start_line)).toBe(true);
    // The run is created in progress when the review starts, and completed by a later update.
    const runWrites = fake.requests.filter(
      (r) => r.path.startsWith('/repos/kb/linux/check-runs') && (r.method === 'POST' || r.method === 'PATCH'),
    );
    expect(runWrites[0]).toMatchObject({
      method: 'POST',
      status: 201,
      body: { status: 'in_progress', head_sha: seed.headSha },
    });
    expect(runWrites.at(-1)).toMatchObject({
      method: 'PATCH',
      status: 200,
      body: { status: 'completed', conclusion: 'failure' },
    });

    const comments = fake.reviewComments('kb', 'linux', 9);
    expect(comments.map((c) => ({ file: c.path, line: c.line, side: c.side }))).toEqual(
      expected.map((f) => ({ file: f.file, line: f.line, side: 'RIGHT' })),
    );
    expect(comments.every((c) => c.commit_id === seed.headSha && parseFingerprint(c.body) !== null)).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reviews'))).toHaveLength(1);
    expect(
      fake.requests
        .filter((r) => r.path.startsWith('/repos/kb/'))
        .every((r) => r.auth === `installation:${String(INSTALLATION)}`),
    ).toBe(true);
  });

  it('the same job twice: one check run, annotations and comments not doubled', async () => {
    startWorker('app');
    const seed = await pullFromMail(KB9, { owner: 'twice', repo: 'linux', number: 9 });
    fake.addPull(seed);
    await review(seed);
    const again = await review(seed);
    expect(again.comments).toMatchObject({ posted: 0, alreadyThere: again.findings });
    const runs = fake.checkRuns('twice', 'linux');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.annotations).toHaveLength(again.annotations);
    expect(fake.reviewComments('twice', 'linux', 9)).toHaveLength(again.findings);
  });

  it('a re-run of the same head: the same findings keep N annotations, changed findings go to a new run holding only them', async () => {
    const first = startWorker('app');
    const seed = await pullFromMail(KB9, { owner: 'again', repo: 'linux', number: 9 });
    fake.addPull(seed);
    const expected = await expectedFindings(KB9);
    const before = await review(seed);
    const rerun = await review(seed, 'app', before.checkRunId);
    expect(rerun.checkRunId).toBe(before.checkRunId);
    expect(fake.checkRuns('again', 'linux').map((r) => r.annotations.length)).toEqual([expected.length]);

    // The project lowers the rule to a warning: this head's findings change on the next re-run.
    await first.close();
    const rule = expected[0]?.rule ?? '';
    startWorker('app', {}, ProjectConfig.parse({ rules: { [rule]: 'warning' } }));
    const changed = await review(seed, 'app', before.checkRunId);
    expect(changed).toMatchObject({ conclusion: 'neutral', findings: expected.length });
    const runs = fake.checkRuns('again', 'linux');
    expect(runs.map((r) => r.id)).toEqual([before.checkRunId, changed.checkRunId]);
    expect(
      runs[1]?.annotations.map((a) => ({ rule: a.title, file: a.path, line: a.start_line, level: a.annotation_level })),
    ).toEqual(expected.map((f) => ({ ...f, level: f.rule === rule ? 'warning' : 'failure' })));
    expect(runs[1]).toMatchObject({ status: 'completed', head_sha: seed.headSha, conclusion: 'neutral' });
    expect(runs[0]).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      output: expect.objectContaining({ title: 'Superseded by a newer run' }) as unknown,
    });
    // A redelivery for the head now finds the newest run, and the same findings add nothing to it.
    const redelivered = await review(seed);
    expect(redelivered.checkRunId).toBe(changed.checkRunId);
    expect(fake.checkRuns('again', 'linux').map((r) => r.annotations.length)).toEqual([
      expected.length,
      expected.length,
    ]);
  });

  it('two deliveries racing for one head commit make one check run', async () => {
    startWorker('app');
    startWorker('app');
    const seed = await pullFromMail(KB9, { owner: 'race', repo: 'linux', number: 9 });
    fake.addPull(seed);
    await Promise.all([review(seed), review(seed), review(seed)]);
    expect(fake.checkRuns('race', 'linux')).toHaveLength(1);
    expect(fake.reviewComments('race', 'linux', 9)).toHaveLength((await expectedFindings(KB9)).length);
  });

  it('a second push that fixes the finding: new run for the new head, no repeated comment, old thread resolved', async () => {
    startWorker('app');
    const first = await pullFromMail(KB9, { owner: 'push', repo: 'linux', number: 9 });
    fake.addPull(first);
    await review(first);
    const oldComments = fake.reviewComments('push', 'linux', 9);
    expect(oldComments.length).toBeGreaterThan(0);

    const second = fixedPush(first);
    fake.addPull(second);
    const summary = await review(second);
    expect(summary).toMatchObject({
      conclusion: 'success',
      findings: 0,
      comments: { posted: 0, resolved: oldComments.length },
    });

    const runs = fake.checkRuns('push', 'linux');
    expect(runs.map((r) => [r.head_sha, r.conclusion])).toEqual([
      [first.headSha, 'failure'],
      [second.headSha, 'success'],
    ]);
    expect(runs[1]?.annotations).toEqual([]);
    expect(fake.reviewComments('push', 'linux', 9)).toHaveLength(oldComments.length);
    expect(fake.reviewThreads('push', 'linux', 9).every((t) => t.isResolved)).toBe(true);
  });

  it('a clean relevant patch (token auth): success, no annotations, no comments', async () => {
    startWorker('token');
    expect(await expectedFindings(CLEAN)).toEqual([]);
    const seed = await pullFromMail(CLEAN, { owner: 'clean', repo: 'ndctl', number: 1 });
    fake.addPull(seed);
    const summary = await review(seed, 'token');
    expect(summary).toMatchObject({ conclusion: 'success', findings: 0, annotations: 0, comments: { posted: 0 } });
    const runs = fake.checkRuns('clean', 'ndctl');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      annotations: [],
      output: { title: 'No findings' },
    });
    expect(fake.reviewComments('clean', 'ndctl', 1)).toEqual([]);
    expect(fake.requests.filter((r) => r.path.startsWith('/repos/clean/')).every((r) => r.auth === 'token')).toBe(true);
  });

  it('a 500 and a secondary rate limit on the files endpoint are retried and the review ends well', async () => {
    startWorker('app');
    const seed = await pullFromMail(KB9, { owner: 'faulty', repo: 'linux', number: 9 });
    fake.addPull(seed);
    fake.failNext('GET', /^\/repos\/faulty\/linux\/pulls\/9\/files$/, [
      { status: 500 },
      { kind: 'secondary-rate-limit', retryAfterS: 1 },
    ]);
    const summary = await review(seed);
    expect(summary.conclusion).toBe('failure');
    const files = fake.requests.filter((r) => r.path === '/repos/faulty/linux/pulls/9/files').map((r) => r.status);
    expect(files).toEqual([500, 403, 200]);
    expect(fake.checkRuns('faulty', 'linux')).toHaveLength(1);
    expect(fake.reviewComments('faulty', 'linux', 9).map((c) => parseFingerprint(c.body))).toHaveLength(
      summary.findings,
    );
  });

  it('review comments off: check run only', async () => {
    startWorker('app', { reviewComments: false });
    const seed = await pullFromMail(KB9, { owner: 'quiet', repo: 'linux', number: 9 });
    fake.addPull(seed);
    const summary = await review(seed);
    expect(summary.comments).toBeNull();
    expect(fake.checkRuns('quiet', 'linux')[0]?.annotations.length).toBeGreaterThan(0);
    expect(fake.reviewComments('quiet', 'linux', 9)).toEqual([]);
  });

  it("fingerprints in comments are the findings' own", async () => {
    startWorker('app');
    const seed = await pullFromMail(KB9, { owner: 'prints', repo: 'linux', number: 9 });
    fake.addPull(seed);
    await review(seed);
    const report = await checkInputs([KB9], { rules, workers: 0 });
    const prints = fake.reviewComments('prints', 'linux', 9).map((c) => parseFingerprint(c.body));
    expect(prints).toEqual(report.findings.map(findingFingerprint));
  });

  it('our marker in comments the bot did not write (a person, another App) neither suppresses our comment nor gets resolved', async () => {
    startWorker('app');
    const since = fake.requests.length;
    const seed = await pullFromMail(KB9, { owner: 'spoof', repo: 'linux', number: 9 });
    fake.addPull(seed);
    const { findings } = await checkInputs([KB9], { rules, workers: 0 });
    const here = findings[0];
    if (here?.file == null || here.line === null) throw new Error('kb row 9 has no finding on a line');
    const gone: Finding = { ...here, excerpt: 'code this push no longer has' };
    const at = { path: here.file, line: here.line };
    const spoofs = [
      fake.addReviewComment('spoof', 'linux', 9, {
        ...at,
        body: renderReviewComment(here),
        user: { login: 'mallory', type: 'User' },
      }),
      fake.addReviewComment('spoof', 'linux', 9, {
        ...at,
        body: renderReviewComment(gone),
        user: { login: 'mallory', type: 'User' },
      }),
      fake.addReviewComment('spoof', 'linux', 9, {
        ...at,
        body: renderReviewComment(gone),
        user: { login: 'other-app[bot]', type: 'Bot' },
      }),
    ];
    const first = await review(seed);
    expect(first.comments).toEqual({ posted: findings.length, alreadyThere: 0, offDiff: 0, resolved: 0 });
    const ours = fake.reviewComments('spoof', 'linux', 9).filter((c) => c.user.login === 'dax-review[bot]');
    expect(ours.map((c) => parseFingerprint(c.body))).toEqual(findings.map(findingFingerprint));
    // Our own comments are still recognised (login from GET /app, asked once): none repeated.
    const again = await review(seed);
    expect(again.comments).toEqual({ posted: 0, alreadyThere: findings.length, offDiff: 0, resolved: 0 });
    expect(
      fake
        .reviewThreads('spoof', 'linux', 9)
        .filter((t) => spoofs.some((c) => t.commentIds[0] === c.id))
        .map((t) => t.isResolved),
    ).toEqual([false, false, false]);
    expect(
      fake.requests
        .slice(since)
        .filter((r) => r.path === '/app')
        .map((r) => r.auth),
    ).toEqual(['app-jwt']);
  });

  it("GitHub's Re-run names the run: that run is updated, no new one", async () => {
    startWorker('app');
    const seed = await pullFromMail(KB9, { owner: 'rerun', repo: 'linux', number: 9 });
    fake.addPull(seed);
    const first = await review(seed);
    const again = await review(seed, 'app', first.checkRunId);
    expect(again.checkRunId).toBe(first.checkRunId);
    expect(fake.checkRuns('rerun', 'linux')).toHaveLength(1);
  });

  it('a job for a commit the PR has moved on from says so in its run and comments nothing', async () => {
    startWorker('app');
    const seed = await pullFromMail(KB9, { owner: 'moved', repo: 'linux', number: 9 });
    fake.addPull(fixedPush(seed));
    const summary = await review(seed);
    expect(summary).toMatchObject({ superseded: true, conclusion: 'neutral', comments: null });
    expect(fake.checkRuns('moved', 'linux')).toEqual([
      expect.objectContaining({
        head_sha: seed.headSha,
        conclusion: 'neutral',
        output: expect.objectContaining({ title: 'Superseded by a newer push' }) as unknown,
      }),
    ]);
    expect(fake.reviewComments('moved', 'linux', 9)).toEqual([]);
  });

  it('a 404 (no such pull request) fails the job at once, and the run says the review did not complete', async () => {
    startWorker('app');
    const job = await enqueue({ owner: 'gone', repo: 'linux', number: 404, headSha: 'e'.repeat(40) }, 'app', null);
    await expect(job.waitUntilFinished(events, 60_000)).rejects.toThrow(/404/);
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(fake.checkRuns('gone', 'linux')).toEqual([
      expect.objectContaining({
        status: 'completed',
        conclusion: 'neutral',
        output: expect.objectContaining({ title: 'Review not completed' }) as unknown,
      }),
    ]);
  });

  it('a 403 that is not a rate limit (a permission the App lacks) fails the job at once', async () => {
    startWorker('app');
    const seed = await pullFromMail(KB9, { owner: 'noperm', repo: 'linux', number: 3 });
    fake.addPull(seed);
    fake.failNext('GET', /\/pulls\/3\/files$/, [{ kind: 'forbidden' }]);
    const job = await enqueue(seed, 'app', null);
    await expect(job.waitUntilFinished(events, 60_000)).rejects.toThrow(/403.*Resource not accessible/);
    expect((await queue.getJob(job.id ?? ''))?.attemptsMade).toBe(1);
    // Asked once: octokit does not retry a 403 that is not a rate limit.
    expect(fake.requests.filter((r) => r.path === '/repos/noperm/linux/pulls/3/files').map((r) => r.status)).toEqual([
      403,
    ]);
  });

  it('60 findings: annotations go in batches GitHub takes (at most 50 a request), all of them on the run', async () => {
    startWorker('app', { reviewComments: false });
    // One hunk adding 60 copies of the vfio pin helper, each under a name of its own.
    const added = VFIO_PIN_SITE.filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    const helpers = Array.from({ length: 60 }, (_, i) =>
      added.map((l) => l.replace(PIN_HELPER, `${PIN_HELPER}_${String(i)}`)),
    ).flat();
    const patch = [
      `@@ -600,3 +600,${String(3 + helpers.length)} @@ static int vfio_pin_page_external(struct vfio_dma *dma,`,
      ' \treturn ret;',
      ' }',
      ' ',
      ...helpers,
    ].join('\n');
    const seed: PullSeed = {
      owner: 'many',
      repo: 'pins',
      number: 6,
      headSha: 'd'.repeat(40),
      title: 'vfio: pin helpers',
      body: '',
      files: [{ filename: 'drivers/vfio/vfio_iommu_type1.c', status: 'modified', patch }],
      commits: [],
    };
    fake.addPull(seed);

    const summary = await review(seed);
    expect(summary.findings).toBe(60);
    const [run] = fake.checkRuns('many', 'pins');
    expect(run?.annotations).toHaveLength(60);
    const batches = fake.requests
      .filter((r) => r.path.startsWith('/repos/many/pins/check-runs') && r.method !== 'GET')
      .map((r) => ((r.body as { output?: { annotations?: unknown[] } }).output?.annotations ?? []).length)
      .filter((n) => n > 0);
    expect(batches).toEqual([50, 10]);
  });

  it('resolves gone threads past the first page of 100', async () => {
    const n = 130;
    const patch = `@@ -0,0 +1,${String(n)} @@\n${Array.from({ length: n }, (_, i) => `+line ${String(i)};`).join('\n')}`;
    const seed: PullSeed = {
      owner: 'many',
      repo: 'threads',
      number: 5,
      headSha: 'c'.repeat(40),
      title: 't',
      body: '',
      files: [{ filename: 'big.c', status: 'added', patch }],
      commits: [],
    };
    fake.addPull(seed);
    const at = (line: number): Finding => ({
      rule: 'pin-unpin-mismatch',
      severity: 'warning',
      messageId: null,
      subject: 's',
      source: 'x',
      file: 'big.c',
      line,
      side: 'new',
      message: `m${String(line)}`,
      citations: [],
      docsUrl: 'https://example.org/r',
      excerpt: `line ${String(line - 1)};`,
      symbol: null,
      confidence: 'high',
    });
    // A plain octokit without write spacing: 130 resolutions would otherwise take 130 s.
    const octokit = new Octokit({
      baseUrl: fake.url,
      auth: TOKEN,
      throttle: { enabled: false },
      retry: { enabled: false },
    });
    const ref = { installationId: null, owner: 'many', repo: 'threads', pull: 5, headSha: seed.headSha };
    await octokit.rest.pulls.createReview({
      owner: 'many',
      repo: 'threads',
      pull_number: 5,
      commit_id: seed.headSha,
      event: 'COMMENT',
      comments: Array.from({ length: n }, (_, i) => ({
        path: 'big.c',
        line: i + 1,
        side: 'RIGHT',
        body: renderReviewComment(at(i + 1)),
      })),
    });
    const lines = commentableLines(
      parseDiff(`diff --git a/big.c b/big.c\nnew file mode 100644\n--- /dev/null\n+++ b/big.c\n${patch}\n`),
    );
    const keep = at(7);
    const out = await new ReviewCommentPublisher(log, client('token')).publish(octokit, ref, [keep], lines);
    expect(out).toEqual({ posted: 0, alreadyThere: 1, offDiff: 0, resolved: n - 1 });
    const threads = fake.reviewThreads('many', 'threads', 5);
    expect(threads.filter((t) => !t.isResolved)).toHaveLength(1);
  });
});
