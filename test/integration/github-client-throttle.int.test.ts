/**
 * The webhook server answers with its own client (workers/start-github.ts): its writes (a
 * reaction, a refusal) must not queue behind a review's writes, which octokit's throttling
 * spaces a second apart per limiter key. Against the fake GitHub, order of arrival shows it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubClient, type GithubClient } from '../../src/github/client.js';
import { Secret } from '../../src/github/secrets.js';
import { FakeGithub } from '../helpers/github/fake-github.js';

const APP_ID = 6161;
const INSTALLATION = 12;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

describe('request queues of the GitHub clients (fake GitHub)', () => {
  let fake: FakeGithub;
  beforeAll(async () => { fake = await FakeGithub.start({ appId: APP_ID, appPublicKeyPem: publicKey }); });
  afterAll(async () => { await fake.close(); });

  const client = (throttleId: string): GithubClient => createGithubClient({ apiUrl: fake.url, appId: APP_ID },
    { privateKey: new Secret(privateKey), token: null, webhookSecret: null }, pino({ level: 'silent' }), { throttleId });

  it('a client of another name writes at once; one of the same name waits its turn', async () => {
    const review = await client('review').forInstallation(INSTALLATION);
    const webhooks = await client('webhooks').forInstallation(INSTALLATION);
    const sameName = await client('review').forInstallation(INSTALLATION);
    const done = new Map<string, number>();
    const write = async (octokit: typeof review, name: string): Promise<void> => {
      await octokit.rest.checks.create({ owner: 'o', repo: 'r', name, head_sha: 'a'.repeat(40), status: 'in_progress' });
      done.set(name, Date.now());
    };
    await Promise.all([write(review, 'r1'), write(review, 'r2'), write(review, 'r3'), write(webhooks, 'other'), write(sameName, 'same')]);

    // One limiter key: its four writes go out at least about a second apart (plugin-throttling's
    // write spacing), whichever client object sent them.
    const keyed = ['r1', 'r2', 'r3', 'same'].map((n) => done.get(n) ?? 0).sort((a, b) => a - b);
    for (let i = 1; i < keyed.length; i++) expect((keyed[i] ?? 0) - (keyed[i - 1] ?? 0)).toBeGreaterThanOrEqual(900);
    // The other key's write did not take a turn among them: it went out beside one of theirs
    // (under one key, every two writes are a second apart).
    const other = done.get('other') ?? 0;
    expect(Math.min(...keyed.map((t) => Math.abs(t - other)))).toBeLessThan(900);
    expect(other).toBeLessThan(keyed[1] ?? 0);
  });
});
