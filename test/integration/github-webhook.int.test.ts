/**
 * The webhook server end to end: real HTTP over loopback, real payloads from
 * @octokit/webhooks-examples re-serialised and signed with a test secret, real Redis (a random
 * BullMQ prefix per test, removed afterwards) and, for comment commands, the fake GitHub API.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubClient } from '../../src/github/client.js';
import { ACK_REACTION, REFUSAL } from '../../src/github/command-handler.js';
import { createDeliveryLedger, type DeliveryLedger } from '../../src/github/delivery-ledger.js';
import { GithubConfig } from '../../src/github/github-config.js';
import { createRefusalLedger } from '../../src/github/refusal-ledger.js';
import { GITHUB_REVIEW_QUEUE, githubReviewJobId, type GithubReviewJob } from '../../src/github/jobs.js';
import { Secret } from '../../src/github/secrets.js';
import { createWebhookServer } from '../../src/github/webhook-server.js';
import { connectRedis, createRedis } from '../../src/queue/connection.js';
import { FakeGithub } from '../helpers/github/fake-github.js';
import { sign } from '../helpers/github/sign.js';
import { deleteKeys, TEST_REDIS_URL } from '../helpers/service-harness.js';
import { example, setPath, type Payload } from '../helpers/github/webhook-examples.js';

const SECRET = 'test-webhook-secret-9f2c';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const MAX = 64 * 1024;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}
interface DeliverOptions {
  id?: string;
  secret?: string;
  signature?: string | null;
  event?: string | null;
  headers?: Record<string, string>;
}

describe('GitHub webhook server (real HTTP, real Redis)', () => {
  let prefix = '';
  let redis: Redis;
  let queue: Queue;
  let ledger: DeliveryLedger;
  let fake: FakeGithub;
  let base = '';
  let ready = true;
  let logs: string[] = [];
  const extra: { close(): Promise<void> }[] = [];

  async function startServer(q: Queue, config = GithubConfig.parse({ maxPayloadBytes: MAX })): Promise<string> {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    const s = createWebhookServer({
      config,
      webhookSecret: new Secret(SECRET),
      queue: q,
      ledger,
      refusals: createRefusalLedger(redis, prefix),
      client: createGithubClient(
        { apiUrl: fake.url },
        { token: new Secret('t'), privateKey: null, webhookSecret: null },
        pino({ level: 'silent' }),
        { serverErrorRetries: 0 },
      ),
      log: pino({ level: 'debug' }, sink),
      isReady: () => (ready ? Promise.resolve(true) : Promise.reject(new Error('redis down'))),
    });
    const { port } = await s.listen(0, '127.0.0.1');
    extra.push(s);
    return `http://127.0.0.1:${String(port)}`;
  }

  beforeEach(async () => {
    prefix = `t${randomBytes(6).toString('hex')}`;
    redis = createRedis(TEST_REDIS_URL, 'producer');
    await connectRedis(redis, TEST_REDIS_URL);
    queue = new Queue(GITHUB_REVIEW_QUEUE, { connection: redis, prefix });
    ledger = createDeliveryLedger(redis, prefix);
    fake = await FakeGithub.start({ token: 't' });
    ready = true;
    logs = [];
    base = await startServer(queue);
  });
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
    await queue.close();
    redis.disconnect();
    await fake.close();
    await deleteKeys(TEST_REDIS_URL, prefix);
    // Nothing secret or sent by the user ever reaches the log.
    const all = logs.join('');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('sha256=');
    expect(all).not.toContain('totally right');
  });

  async function deliver(event: string, payload: unknown, o: DeliverOptions = {}): Promise<Answer> {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-github-delivery': o.id ?? randomBytes(8).toString('hex'),
      ...o.headers,
    };
    if (o.event !== null) headers['x-github-event'] = o.event ?? event;
    if (o.signature !== null) headers['x-hub-signature-256'] = o.signature ?? sign(o.secret ?? SECRET, body);
    const started = Date.now();
    const res = await fetch(`${base}/webhooks/github`, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, ms: Date.now() - started };
  }

  const waiting = async (): Promise<{ id: string | undefined; name: string; data: unknown }[]> =>
    (await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).map((j) => ({
      id: j.id,
      name: j.name,
      data: j.data as unknown,
    }));
  const expectNothingQueued = async (deliveryId?: string): Promise<void> => {
    const counts = await queue.getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    if (deliveryId !== undefined) expect(await ledger.state(deliveryId)).toBeNull();
  };

  describe('routes', () => {
    it('answers /healthz by readiness, 404 for unknown paths, 405 for wrong methods', async () => {
      const health = await fetch(`${base}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      ready = false;
      expect((await fetch(`${base}/healthz`)).status).toBe(503);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      const wrong = await fetch(`${base}/webhooks/github`);
      expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
      expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
    });

    it('answers ping with 200', async () => {
      expect(await deliver('ping', example('ping', undefined))).toMatchObject({ status: 200, body: { pong: true } });
      await expectNothingQueued();
    });
  });

  describe('pull_request', () => {
    it.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])(
      '%s queues exactly one review of the head',
      async (action) => {
        const p = setPath(example('pull_request', action), 'installation', { id: 42 });
        const id = `del-${action}`;
        const answer = await deliver('pull_request', p, { id });
        const data: GithubReviewJob = {
          installationId: 42,
          owner: 'Codertocat',
          repo: 'Hello-World',
          pull: 2,
          headSha: HEAD,
          reason: 'pull_request',
          checkRunId: null,
          deliveryId: id,
        };
        const jobId = githubReviewJobId(data);
        expect(answer).toMatchObject({ status: 202, body: { queued: [jobId] } });
        expect(answer.ms).toBeLessThan(2000);
        expect(await waiting()).toEqual([{ id: jobId, name: 'pull_request', data }]);
        expect(await ledger.state(id)).toBe('done');
      },
    );

    it.each(['closed', 'labeled'])('%s queues nothing', async (action) => {
      const answer = await deliver('pull_request', example('pull_request', action), { id: 'd-x' });
      expect(answer).toMatchObject({ status: 202, body: { ignored: `pull_request action ${action} is not handled` } });
      await expectNothingQueued('d-x');
    });

    it('answers the same delivery twice once', async () => {
      const p = example('pull_request', 'opened', 1);
      expect((await deliver('pull_request', p, { id: 'same' })).status).toBe(202);
      expect(await deliver('pull_request', p, { id: 'same' })).toMatchObject({
        status: 200,
        body: { duplicate: true },
      });
      expect(await waiting()).toHaveLength(1);
    });

    it('folds 200 deliveries of one head into one review, answering each well within 10 s', async () => {
      const p = example('pull_request', 'synchronize');
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => deliver('pull_request', p, { id: `burst-${String(i)}` })),
      );
      expect(answers.every((a) => a.status === 202)).toBe(true);
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(5000);
      expect(await waiting()).toHaveLength(1);
      expect(await queue.getJobCounts()).toMatchObject({ waiting: 1 });
    });
  });

  describe('re-runs', () => {
    it('check_suite requested queues a review per PR at the suite head', async () => {
      const p = example('check_suite', 'requested');
      const pr = (example('check_suite', 'rerequested') as { check_suite: { pull_requests: unknown[] } }).check_suite
        .pull_requests[0];
      setPath(p, 'check_suite.pull_requests', [pr]);
      const answer = await deliver('check_suite', p, { id: 'cs-1' });
      const data: GithubReviewJob = {
        installationId: 957387,
        owner: 'Codertocat',
        repo: 'Hello-World',
        pull: 2,
        headSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        reason: 'check_suite',
        checkRunId: null,
        deliveryId: 'cs-1',
      };
      expect(answer).toMatchObject({ status: 202, body: { queued: [githubReviewJobId(data)] } });
      expect(await waiting()).toEqual([{ id: githubReviewJobId(data), name: 'check_suite', data }]);
    });

    it('check_run rerequested of our run queues a re-run naming the run; others are ignored', async () => {
      const p = example('check_run', 'rerequested');
      expect((await deliver('check_run', p, { id: 'cr-0' })).body).toEqual({
        ignored: 'check run "randscape" is not ours',
      });
      const pr = setPath(
        (example('check_run', 'created') as { check_run: { pull_requests: Payload[] } }).check_run.pull_requests[0]!,
        'base.repo.id',
        526,
      );
      setPath(setPath(p, 'check_run.name', 'dax-review'), 'check_run.pull_requests', [pr]);
      const answer = await deliver('check_run', p, { id: 'cr-1' });
      const data: GithubReviewJob = {
        installationId: 1,
        owner: 'github',
        repo: 'hello-world',
        pull: 2,
        headSha: 'd6fde92930d4715a2b49857d24b940956b26d2d3',
        reason: 'rerun',
        checkRunId: 4,
        deliveryId: 'cr-1',
      };
      expect(answer).toMatchObject({ status: 202, body: { queued: [githubReviewJobId(data)] } });
      expect(await waiting()).toEqual([{ id: githubReviewJobId(data), name: 'rerun', data }]);
    });
  });

  describe('refusals: each answers its status and queues nothing', () => {
    const p = (): Payload => example('pull_request', 'opened');

    it('bad signature → 401', async () => {
      expect(await deliver('pull_request', p(), { id: 'r1', secret: 'wrong' })).toMatchObject({ status: 401 });
      expect((await deliver('pull_request', p(), { id: 'r1', signature: 'sha256=00' })).status).toBe(401);
      // Signed, then altered by one byte: the HMAC is over the bytes as sent.
      const body = JSON.stringify(p());
      expect(
        (
          await deliver('pull_request', body.replace('"opened"', '"Opened"'), {
            id: 'r1',
            signature: sign(SECRET, body),
          })
        ).status,
      ).toBe(401);
      await expectNothingQueued('r1');
    });

    it('missing signature → 401', async () => {
      expect(await deliver('pull_request', p(), { id: 'r2', signature: null })).toMatchObject({
        status: 401,
        body: { error: 'missing X-Hub-Signature-256' },
      });
      await expectNothingQueued('r2');
    });

    it('unknown event → 202 ignored', async () => {
      expect(await deliver('star', { action: 'created' }, { id: 'r3' })).toMatchObject({
        status: 202,
        body: { ignored: 'event star is not handled' },
      });
      await expectNothingQueued('r3');
    });

    it('malformed JSON, even signed → 400', async () => {
      expect(await deliver('pull_request', '{"action": "opened",', { id: 'r4' })).toMatchObject({
        status: 400,
        body: { error: 'malformed JSON' },
      });
      await expectNothingQueued('r4');
    });

    it('a handled event whose payload lacks what we read → 400 with the reason', async () => {
      const bad = setPath(p(), 'pull_request.head', {});
      const answer = await deliver('pull_request', bad, { id: 'r5' });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toContain('pull_request.head.sha');
      await expectNothingQueued('r5');
    });

    it('missing X-GitHub-Event or X-GitHub-Delivery → 400', async () => {
      expect((await deliver('pull_request', p(), { id: 'r6', event: null })).status).toBe(400);
      const noId = await fetch(`${base}/webhooks/github`, {
        method: 'POST',
        body: JSON.stringify(p()),
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-hub-signature-256': sign(SECRET, JSON.stringify(p())),
        },
      });
      expect(noId.status).toBe(400);
      expect((await deliver('pull_request', p(), { id: 'r6:x' })).status).toBe(400);
      await expectNothingQueued('r6');
    });

    it('a webhook set to form encoding → 415 with the fix', async () => {
      const body = `payload=${encodeURIComponent(JSON.stringify(p()))}`;
      const answer = await deliver('pull_request', body, {
        id: 'r11',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(answer).toMatchObject({ status: 415, body: { error: 'send webhooks as application/json' } });
      await expectNothingQueued('r11');
    });

    it('a repository not enabled → 202 ignored', async () => {
      base = await startServer(
        queue,
        GithubConfig.parse({ maxPayloadBytes: MAX, repositories: { include: ['qemu/*'] } }),
      );
      expect(await deliver('pull_request', p(), { id: 'r7' })).toMatchObject({
        status: 202,
        body: { ignored: 'repository Codertocat/Hello-World is not enabled' },
      });
      await expectNothingQueued('r7');
    });

    it('oversize body, declared → 413 at once', async () => {
      const big = setPath(p(), 'pull_request.body', 'x'.repeat(MAX));
      expect(await deliver('pull_request', big, { id: 'r8' })).toMatchObject({ status: 413 });
      await expectNothingQueued('r8');
    });

    it('oversize body, streamed without a length → 413 when it passes the cap', async () => {
      const body = JSON.stringify(setPath(p(), 'pull_request.body', 'x'.repeat(MAX)));
      const url = new URL(base);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: '/webhooks/github',
            headers: {
              'content-type': 'application/json',
              'x-github-event': 'pull_request',
              'x-github-delivery': 'r9',
              'x-hub-signature-256': sign(SECRET, body),
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
        req.end();
      });
      expect(status).toBe(413);
      await expectNothingQueued('r9');
    });

    it('a queue that cannot take the job → 500, and the delivery can be redelivered', async () => {
      const dead = createRedis('redis://127.0.0.1:1', 'producer');
      const deadQueue = new Queue(GITHUB_REVIEW_QUEUE, { connection: dead, prefix });
      deadQueue.on('error', () => undefined);
      extra.push({
        close: async () => {
          await deadQueue.close().catch(() => undefined);
          dead.disconnect();
        },
      });
      const good = base;
      base = await startServer(deadQueue);
      const answer = await deliver('pull_request', p(), { id: 'r10' });
      expect(answer).toMatchObject({ status: 500, body: { error: 'internal error' } });
      await expectNothingQueued('r10');
      base = good;
      expect((await deliver('pull_request', p(), { id: 'r10' })).status).toBe(202);
      expect(await waiting()).toHaveLength(1);
    });
  });

  describe('comment commands', () => {
    const comment = (body: string): Payload => {
      const c = example('issue_comment', 'created', 3);
      setPath(c, 'issue.pull_request', { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' });
      return setPath(c, 'comment.body', body);
    };
    const seedPull = (): void => {
      fake.addPull({
        owner: 'Codertocat',
        repo: 'Hello-World',
        number: 1,
        headSha: HEAD,
        title: 't',
        body: '',
        files: [],
        commits: [],
      });
    };

    it('from a user with write access: queues a command review and reacts', async () => {
      seedPull();
      fake.setPermission('Codertocat', 'Hello-World', 'Codertocat', 'write');
      const answer = await deliver('issue_comment', comment('Please:\n/dax-review rereview'), { id: 'c1' });
      const data: GithubReviewJob = {
        installationId: 1,
        owner: 'Codertocat',
        repo: 'Hello-World',
        pull: 1,
        headSha: HEAD,
        reason: 'command',
        checkRunId: null,
        deliveryId: 'c1',
      };
      expect(answer).toMatchObject({ status: 202, body: { queued: [githubReviewJobId(data)] } });
      expect(await waiting()).toEqual([{ id: githubReviewJobId(data), name: 'command', data }]);
      expect(fake.reactions('Codertocat', 'Hello-World')).toEqual([{ commentId: 492700400, content: ACK_REACTION }]);
      expect(await deliver('issue_comment', comment('Please:\n/dax-review rereview'), { id: 'c1' })).toMatchObject({
        status: 200,
        body: { duplicate: true },
      });
    });

    it('from a user without write access: one polite refusal, nothing queued', async () => {
      seedPull();
      fake.setPermission('Codertocat', 'Hello-World', 'Codertocat', 'read');
      expect((await deliver('issue_comment', comment('/dax-review rereview'), { id: 'c2' })).status).toBe(202);
      expect((await deliver('issue_comment', comment('/dax-review rereview'), { id: 'c2' })).body).toEqual({
        duplicate: true,
      });
      await expectNothingQueued();
      expect(fake.issueComments('Codertocat', 'Hello-World', 1).map((c) => c.body)).toEqual([REFUSAL]);
      expect(fake.reactions('Codertocat', 'Hello-World')).toEqual([]);
    });

    it('GitHub failing the refusal comment → 503, and the redelivery says the refusal (once)', async () => {
      seedPull();
      fake.setPermission('Codertocat', 'Hello-World', 'Codertocat', 'read');
      fake.failNext('POST', /\/issues\/1\/comments$/, [{ status: 500 }]);
      expect(await deliver('issue_comment', comment('/dax-review rereview'), { id: 'c8' })).toMatchObject({
        status: 503,
      });
      expect(fake.issueComments('Codertocat', 'Hello-World', 1)).toEqual([]);
      expect(await deliver('issue_comment', comment('/dax-review rereview'), { id: 'c8' })).toMatchObject({
        status: 202,
        body: { refused: 'commenter may not ask for a review' },
      });
      expect((await deliver('issue_comment', comment('/dax-review rereview'), { id: 'c9' })).status).toBe(202);
      expect(fake.issueComments('Codertocat', 'Hello-World', 1).map((c) => c.body)).toEqual([REFUSAL]);
      await expectNothingQueued();
    });

    it('posted by a bot, or on a plain issue: ignored without a single API call', async () => {
      const bot = setPath(comment('/dax-review rereview'), 'sender.type', 'Bot');
      expect(await deliver('issue_comment', bot, { id: 'c3' })).toMatchObject({
        status: 202,
        body: { ignored: 'comment by a bot' },
      });
      const botLogin = setPath(comment('/dax-review rereview'), 'sender.login', 'dependabot[bot]');
      expect((await deliver('issue_comment', botLogin, { id: 'c4' })).body).toEqual({ ignored: 'comment by a bot' });
      const issue = setPath(example('issue_comment', 'created', 3), 'comment.body', '/dax-review rereview');
      expect(await deliver('issue_comment', issue, { id: 'c5' })).toMatchObject({
        status: 202,
        body: { ignored: 'comment on an issue, not a pull request' },
      });
      expect((await deliver('issue_comment', example('issue_comment', 'created', 3), { id: 'c6' })).status).toBe(202);
      await expectNothingQueued('c3');
      expect(fake.requests).toEqual([]);
    });

    it('GitHub failing the permission check → 503, and the redelivery goes through', async () => {
      seedPull();
      fake.setPermission('Codertocat', 'Hello-World', 'Codertocat', 'admin');
      fake.failNext('GET', /\/permission$/, [{ status: 500 }]);
      expect(await deliver('issue_comment', comment('/dax-review rereview'), { id: 'c7' })).toMatchObject({
        status: 503,
        body: { error: 'temporarily unavailable' },
      });
      await expectNothingQueued('c7');
      expect((await deliver('issue_comment', comment('/dax-review rereview'), { id: 'c7' })).status).toBe(202);
      expect(await waiting()).toHaveLength(1);
    });
  });
});
