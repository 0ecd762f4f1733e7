/**
 * The webhook server answers with its own client (workers/start-github.ts): its writes (a
 * reaction, a refusal) must not queue behind a review's writes, which octokit's throttling
 * spaces a second apart per limiter key. Against the fake GitHub, with plugin-throttling's real
 * limiters; the test reads which limiter each write went through (what the limiter decides),
 * not the wall time between requests, which a loaded machine stretches or squeezes.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGithubClient, type GithubClient } from '../../src/github/client.js';
import { Secret } from '../../src/github/secrets.js';
import { FakeGithub } from '../helpers/github/fake-github.js';

const APP_ID = 6161;
const INSTALLATION = 12;
/** The Bottleneck build plugin-throttling runs its limiters on: its Group hands out one limiter per key. */
interface Limiter {
  readonly id: string;
  schedule: (...args: unknown[]) => Promise<unknown>;
}
const { Group } = createRequire(import.meta.url)('bottleneck/light.js') as {
  Group: { prototype: { key: (this: { id: string }, key?: string) => Limiter } };
};
const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

describe('request queues of the GitHub clients (fake GitHub)', () => {
  let fake: FakeGithub;
  beforeAll(async () => {
    fake = await FakeGithub.start({ appId: APP_ID, appPublicKeyPem: publicKey });
  });
  afterAll(async () => {
    await fake.close();
    vi.restoreAllMocks();
  });

  const client = (throttleId: string): GithubClient =>
    createGithubClient(
      { apiUrl: fake.url, appId: APP_ID },
      { privateKey: new Secret(privateKey), token: null, webhookSecret: null },
      pino({ level: 'silent' }),
      { throttleId },
    );

  it(
    'a client of another name writes through a limiter of its own; one of the same name shares the limiter',
    { timeout: 30_000 },
    async () => {
      // Every job the write limiters (octokit-write, 1 at a time and 1 s apart, per key) are given.
      const writes: string[] = [];
      const key = Group.prototype.key;
      const watched = new WeakSet<Limiter>();
      vi.spyOn(Group.prototype, 'key').mockImplementation(function (this: { id: string }, k?: string) {
        const limiter = key.call(this, k);
        if (this.id === 'octokit-write' && !watched.has(limiter)) {
          // The real limiter still decides; this only notes each job it is given.
          watched.add(limiter);
          const schedule = limiter.schedule.bind(limiter);
          limiter.schedule = (...args: unknown[]) => {
            writes.push(limiter.id);
            return schedule(...args);
          };
        }
        return limiter;
      });
      const review = await client('review').forInstallation(INSTALLATION);
      const webhooks = await client('webhooks').forInstallation(INSTALLATION);
      const sameName = await client('review').forInstallation(INSTALLATION);
      const write = (octokit: typeof review, name: string) =>
        octokit.rest.checks.create({ owner: 'o', repo: 'r', name, head_sha: 'a'.repeat(40), status: 'in_progress' });
      await Promise.all([
        write(review, 'r1'),
        write(review, 'r2'),
        write(review, 'r3'),
        write(webhooks, 'other'),
        write(sameName, 'same'),
      ]);

      // All five reached GitHub; the review clients' four writes waited their turns in one limiter
      // (whichever client object sent them), the webhook client's one in another, alone.
      expect(
        fake
          .checkRuns('o', 'r')
          .map((r) => r.name)
          .sort(),
      ).toEqual(['other', 'r1', 'r2', 'r3', 'same']);
      const byLimiter = writes.reduce<Record<string, number>>((n, id) => ({ ...n, [id]: (n[id] ?? 0) + 1 }), {});
      expect(byLimiter).toEqual({
        [`octokit-write-review:${INSTALLATION}`]: 4,
        [`octokit-write-webhooks:${INSTALLATION}`]: 1,
      });
    },
  );
});
