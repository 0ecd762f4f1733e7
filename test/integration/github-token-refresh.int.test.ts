/**
 * Installation tokens are refreshed before GitHub stops taking them: the fake GitHub mints
 * tokens that live a few seconds (and refuses them after, as GitHub does after an hour), and
 * the bot's App client must keep using one while it is good and mint another before it dies.
 */
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubClient } from '../../src/github/client.js';
import { Secret } from '../../src/github/secrets.js';
import { FakeGithub } from '../helpers/github/fake-github.js';
import { pullFromMail } from '../helpers/github/pull-from-mail.js';

const APP_ID = 5151;
const INSTALLATION = 9;
const CLEAN = fileURLToPath(
  new URL('../fixtures/corpus/relevant/001-ndctl-dimm-fix-to-dump-namespace-indexs-and-labels.eml', import.meta.url),
);
const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('installation tokens (fake GitHub, short-lived tokens)', () => {
  let fake: FakeGithub;
  beforeAll(async () => {
    fake = await FakeGithub.start({ appId: APP_ID, appPublicKeyPem: publicKey, installationTokenTtlMs: 6000 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('reuses a token while it is good and mints a new one before it expires', async () => {
    const seed = await pullFromMail(CLEAN, { owner: 'o', repo: 'r', number: 3 });
    fake.addPull(seed);
    const client = createGithubClient(
      { apiUrl: fake.url, appId: APP_ID },
      { privateKey: new Secret(privateKey), token: null, webhookSecret: null },
      pino({ level: 'silent' }),
      { tokenCache: { marginMs: 2000 } },
    );
    const getPull = async (): Promise<number> => {
      const octokit = await client.forInstallation(INSTALLATION);
      return (await octokit.rest.pulls.get({ owner: 'o', repo: 'r', pull_number: 3 })).status;
    };
    const minted = (): number =>
      fake.requests.filter((r) => r.method === 'POST' && r.path === `/app/installations/${INSTALLATION}/access_tokens`)
        .length;

    expect([await getPull(), await getPull()]).toEqual([200, 200]);
    expect(minted()).toBe(1);
    // Past the token's life less the margin: a fresh token, and GitHub takes the call.
    await sleep(4500);
    expect(await getPull()).toBe(200);
    expect(minted()).toBe(2);
    const pulls = fake.requests.filter((r) => r.method === 'GET' && r.path === '/repos/o/r/pulls/3');
    expect(pulls.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(pulls.every((r) => r.auth === `installation:${INSTALLATION}`)).toBe(true);
  });
});
