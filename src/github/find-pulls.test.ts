import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransientError } from '../errors.js';
import { FakeGithub } from '../../test/helpers/github/fake-github.js';
import { useTestRedis } from '../../test/helpers/test-redis.js';
import { createGithubClient } from './client.js';
import { createPullFinder, type PullFinder } from './find-pulls.js';
import { createHeadPulls, type HeadPulls } from './head-pulls.js';
import type { PullLookup } from './route-event.js';
import { Secret } from './secrets.js';

const HEAD = 'f'.repeat(40);
const lookup: PullLookup = {
  installationId: null,
  owner: 'qemu',
  repo: 'qemu',
  headSha: HEAD,
  reason: 'rerun',
  checkRunId: null,
  deliveryId: 'd-1',
  externalPull: null,
};
const seed = (number: number, headSha: string, owner = 'qemu'): Parameters<FakeGithub['addPull']>[0] => ({
  owner,
  repo: 'qemu',
  number,
  headSha,
  title: 't',
  body: '',
  files: [],
  commits: [],
});

describe('finding the PRs of a head a check event named none of (fake GitHub, real Redis)', () => {
  const redis = useTestRedis();
  let fake: FakeGithub;
  let heads: HeadPulls;
  let find: PullFinder;
  const apiCalls = (): number => fake.requests.filter((r) => r.path.endsWith(`/commits/${HEAD}/pulls`)).length;

  beforeEach(async () => {
    fake = await FakeGithub.start({ token: 't' });
    heads = createHeadPulls(redis.redis(), redis.freshPrefix('find-pulls'));
    const client = createGithubClient(
      { apiUrl: fake.url },
      { token: new Secret('t'), privateKey: null, webhookSecret: null },
      pino({ level: 'silent' }),
      { serverErrorRetries: 0 },
    );
    find = createPullFinder({ client, heads });
  });
  afterEach(async () => {
    await fake.close();
  });

  it("takes the PR the run's external id names with those reviewed at the head, and asks GitHub nothing", async () => {
    await heads.record({ owner: 'QEMU', repo: 'qemu', pull: 7, headSha: HEAD });
    await heads.record({ owner: 'qemu', repo: 'qemu', pull: 3, headSha: HEAD });
    await heads.record({ owner: 'qemu', repo: 'qemu', pull: 9, headSha: 'e'.repeat(40) });
    await heads.record({ owner: 'other', repo: 'qemu', pull: 4, headSha: HEAD });
    expect(await find({ ...lookup, externalPull: 7 })).toEqual([3, 7]);
    expect(await find(lookup)).toEqual([3, 7]);
    expect(await find({ ...lookup, owner: 'other-org', externalPull: 12 })).toEqual([12]);
    expect(fake.requests).toHaveLength(0);
  });

  it('else asks GitHub for the open PRs of this repository whose head is the commit', async () => {
    fake.addPull(seed(5, HEAD));
    fake.addPull(seed(6, HEAD));
    fake.addPull(seed(6, 'e'.repeat(40)));
    fake.addPull(seed(8, HEAD, 'fork-owner'));
    expect(await find(lookup)).toEqual([5]);
    expect(apiCalls()).toBe(1);
    expect(await find({ ...lookup, headSha: 'd'.repeat(40) })).toEqual([]);
  });

  it('a GitHub failure is a TransientError (the server answers 503)', async () => {
    fake.failNext('GET', /\/commits\/f+\/pulls$/, [{ status: 502 }]);
    await expect(find(lookup)).rejects.toBeInstanceOf(TransientError);
  });
});
