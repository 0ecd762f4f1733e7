import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransientError } from '../errors.js';
import { FakeGithub, type Permission } from '../../test/helpers/github/fake-github.js';
import { deleteKeys, TEST_REDIS_URL } from '../../test/helpers/service-harness.js';
import { createGithubClient } from './client.js';
import { ACK_REACTION, createCommandHandler, REFUSAL, type CommandHandler } from './command-handler.js';
import { GITHUB_REVIEW_QUEUE, githubReviewJobId } from './jobs.js';
import { createRefusalLedger } from './refusal-ledger.js';
import type { CommentCommand } from './route-event.js';
import { Secret } from './secrets.js';

const log = pino({ level: 'silent' });
const HEAD = 'a'.repeat(40);
const command: CommentCommand = {
  installationId: null,
  owner: 'qemu',
  repo: 'qemu',
  pull: 7,
  commentId: 9001,
  commenter: 'alice',
  deliveryId: 'd-1',
};

describe('comment command handler (fake GitHub, real Redis)', () => {
  let fake: FakeGithub;
  let redis: Redis;
  let queue: Queue;
  let prefix = '';
  const handler = (timeoutMs?: number): CommandHandler =>
    createCommandHandler({
      client: createGithubClient(
        { apiUrl: fake.url },
        { token: new Secret('t'), privateKey: null, webhookSecret: null },
        log,
        { serverErrorRetries: 0 },
      ),
      queue,
      log,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  const jobs = async (): Promise<unknown[]> =>
    (await queue.getJobs()).map((j) => ({ id: j.id, name: j.name, data: j.data as unknown }));

  beforeEach(async () => {
    fake = await FakeGithub.start({ token: 't' });
    fake.addPull({
      owner: 'qemu',
      repo: 'qemu',
      number: 7,
      headSha: HEAD,
      title: 't',
      body: '',
      files: [],
      commits: [],
    });
    prefix = `t${randomBytes(6).toString('hex')}`;
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(GITHUB_REVIEW_QUEUE, { connection: redis, prefix });
  });
  afterEach(async () => {
    await queue.close();
    redis.disconnect();
    await deleteKeys(TEST_REDIS_URL, prefix);
    await fake.close();
  });

  it.each<Permission>(['admin', 'maintain', 'write'])(
    '%s: queues a command review of the current head and reacts',
    async (perm) => {
      fake.setPermission('qemu', 'qemu', 'alice', perm);
      const outcome = await handler()(command);
      const data = {
        installationId: null,
        owner: 'qemu',
        repo: 'qemu',
        pull: 7,
        headSha: HEAD,
        reason: 'command',
        checkRunId: null,
        deliveryId: 'd-1',
      } as const;
      expect(outcome).toEqual({ kind: 'queued', jobId: githubReviewJobId(data) });
      expect(await jobs()).toEqual([{ id: githubReviewJobId(data), name: 'command', data }]);
      expect(fake.reactions('qemu', 'qemu')).toEqual([{ commentId: 9001, content: ACK_REACTION }]);
      expect(fake.issueComments('qemu', 'qemu', 7)).toEqual([]);
    },
  );

  // triage: GitHub's legacy `permission` says read; null: not a collaborator at all. (Each case
  // posts a comment, which octokit's throttling spaces 3 s apart, so the cases are few.)
  it.each<Permission | null>(['triage', null])('%s: one polite refusal, nothing queued', async (perm) => {
    if (perm !== null) fake.setPermission('qemu', 'qemu', 'alice', perm);
    expect(await handler()(command)).toEqual({ kind: 'refused' });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, delayed: 0, active: 0 });
    const comments = fake.issueComments('qemu', 'qemu', 7);
    expect(comments.map((c) => c.body)).toEqual([REFUSAL]);
    expect(REFUSAL).not.toMatch(/@|alice|\/dax-review/);
    expect(fake.reactions('qemu', 'qemu')).toEqual([]);
    expect(fake.requests.some((r) => r.path === '/repos/qemu/qemu/pulls/7')).toBe(false);
  });

  it('refuses aloud once a day per commenter and pull request, however often they ask', async () => {
    const refusals = createRefusalLedger(redis, prefix);
    const once = createCommandHandler({
      client: createGithubClient(
        { apiUrl: fake.url },
        { token: new Secret('t'), privateKey: null, webhookSecret: null },
        log,
        { serverErrorRetries: 0 },
      ),
      queue,
      log,
      refusals,
    });
    for (const deliveryId of ['d-1', 'd-2', 'd-3'])
      expect(await once({ ...command, deliveryId })).toEqual({ kind: 'refused' });
    expect(fake.issueComments('qemu', 'qemu', 7).map((c) => c.body)).toEqual([REFUSAL]);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, delayed: 0, active: 0 });
  });

  it('a refusal GitHub failed to post is not spent: the next try says it, once', async () => {
    const refusals = createRefusalLedger(redis, prefix);
    const once = createCommandHandler({
      client: createGithubClient(
        { apiUrl: fake.url },
        { token: new Secret('t'), privateKey: null, webhookSecret: null },
        log,
        { serverErrorRetries: 0 },
      ),
      queue,
      log,
      refusals,
    });
    fake.failNext('POST', /\/issues\/7\/comments$/, [{ status: 500 }]);
    await expect(once(command)).rejects.toBeInstanceOf(TransientError);
    expect(fake.issueComments('qemu', 'qemu', 7)).toEqual([]);
    for (const deliveryId of ['d-1', 'd-2'])
      expect(await once({ ...command, deliveryId })).toEqual({ kind: 'refused' });
    expect(fake.issueComments('qemu', 'qemu', 7).map((c) => c.body)).toEqual([REFUSAL]);
  });

  it('turns a GitHub failure into a TransientError and queues nothing', async () => {
    fake.setPermission('qemu', 'qemu', 'alice', 'write');
    fake.failNext('GET', /\/permission$/, [{ status: 500 }]);
    await expect(handler()(command)).rejects.toBeInstanceOf(TransientError);
    fake.failNext('GET', /\/pulls\/7$/, [{ status: 502 }]);
    await expect(handler()(command)).rejects.toBeInstanceOf(TransientError);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0 });
    expect(fake.reactions('qemu', 'qemu')).toEqual([]);
  });

  it('gives up on a slow GitHub at its deadline', async () => {
    await fake.close();
    fake = await FakeGithub.start({ token: 't', latencyMs: 1000 });
    fake.setPermission('qemu', 'qemu', 'alice', 'write');
    const started = Date.now();
    await expect(handler(150)(command)).rejects.toThrow(/in time|abort/i);
    expect(Date.now() - started).toBeLessThan(900);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0 });
  });

  it('keeps the queued review when only the reaction fails', async () => {
    fake.setPermission('qemu', 'qemu', 'alice', 'write');
    fake.failNext('POST', /\/reactions$/, [{ status: 500 }]);
    expect(await handler()(command)).toMatchObject({ kind: 'queued' });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1 });
  });
});
