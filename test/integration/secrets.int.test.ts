/**
 * No secret leaves the process: a whole service run at LOG_LEVEL=debug with known secrets (an
 * SMTP password a real smtp-server requires, a Redis password in REDIS_URL, the GitHub App's
 * private key and webhook secret against the fake GitHub) processes real mail and a signed
 * webhook; then every captured log line, every Redis key and value under the test prefix, every
 * outbox file, every mail received and every error thrown is searched for each secret.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { logOptions } from '../../src/log/logger.js';
import { RedisSentLedger } from '../../src/sinks/sent-ledger.js';
import { createSmtpTransport, SmtpSink } from '../../src/sinks/smtp.js';
import { connectRedis, createRedis } from '../../src/queue/connection.js';
import { FakeGithub } from '../helpers/github/fake-github.js';
import { pullFromMail } from '../helpers/github/pull-from-mail.js';
import { sign } from '../helpers/github/sign.js';
import { example } from '../helpers/github/webhook-examples.js';
import { renderSampleReply } from '../helpers/sample-reply.js';
import { until } from '../helpers/until.js';
import { createHarness, outboxFiles, TEST_REDIS_URL, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-test-server.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const KB09 = new URL(
  '../fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
  import.meta.url,
).pathname;
const SMTP_USER = 'dax-review';
const SMTP_PASS = `smtp-pass-${randomBytes(12).toString('hex')}`;
const REDIS_PASS = `redis-pass-${randomBytes(12).toString('hex')}`;
const WEBHOOK_SECRET = `webhook-secret-${randomBytes(12).toString('hex')}`;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const OWNER = 'dax-test';
const REPO = 'qemu';
const APP_ID = 778;
const INSTALLATION = 43;

/** Each secret and the forms it travels in (SMTP AUTH PLAIN and LOGIN send base64). */
const SECRETS: Record<string, string> = {
  'SMTP password': SMTP_PASS,
  'SMTP AUTH PLAIN': Buffer.from(`\0${SMTP_USER}\0${SMTP_PASS}`).toString('base64'),
  'SMTP AUTH LOGIN password': Buffer.from(SMTP_PASS).toString('base64'),
  'Redis password': REDIS_PASS,
  'webhook secret': WEBHOOK_SECRET,
  // A line from the middle of the key's base64: any part of it would be a leak.
  'private key': PEM.split('\n')[5] ?? '',
};

/** The secrets found in `text`, by name. */
const leaked = (text: string): string[] =>
  Object.entries(SECRETS)
    .filter(([, v]) => v !== '' && text.includes(v))
    .map(([k]) => k);

/** Every key under the prefix, each with all it holds, as text (SCAN, then by type). */
async function redisDump(redis: Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'string'
          ? [await redis.get(key)]
          : type === 'hash'
            ? Object.entries(await redis.hgetall(key)).flat()
            : type === 'list'
              ? await redis.lrange(key, 0, -1)
              : type === 'set'
                ? await redis.smembers(key)
                : type === 'zset'
                  ? await redis.zrange(key, '0', '-1')
                  : type === 'stream'
                    ? [JSON.stringify(await redis.xrange(key, '-', '+'))]
                    : [];
      const dumped = await redis.dumpBuffer(key);
      out.push(`${key}\n${value.join('\n')}\n${dumped.toString('latin1')}`);
    }
  } while (cursor !== '0');
  return out;
}

describe('secrets (a debug-level service run, searched everywhere)', () => {
  let h: Harness | null = null;
  let smtp: SmtpTestServer | null = null;
  let fake: FakeGithub | null = null;
  afterAll(async () => {
    await h?.cleanup();
    await smtp?.stop();
    await fake?.close();
  });

  it('never logs, stores, writes or throws a secret', async () => {
    smtp = await startSmtpServer(0, undefined, { auth: { user: SMTP_USER, pass: SMTP_PASS } });
    fake = await FakeGithub.start({
      appId: APP_ID,
      installationId: INSTALLATION,
      appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const redisUrl = TEST_REDIS_URL.replace('redis://', `redis://:${REDIS_PASS}@`);
    h = await createHarness({
      redisUrl,
      waitMs: 500,
      extraConfig: [
        'smtp: { enabled: true, allowLists: [linux-kernel.vger.kernel.org] }',
        'github: { reviewComments: true }',
      ],
      extraEnv: {
        SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${smtp.port}`,
        GITHUB_API_URL: fake.url,
        GITHUB_APP_ID: String(APP_ID),
        GITHUB_PRIVATE_KEY: PEM,
        GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PORT: '0',
        LOG_LEVEL: 'debug',
      },
    });
    const logs: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    const service = await h.start(pino(logOptions({ level: 'debug' }), capture));
    const errors: string[] = [];

    // Mail in, a reply out over authenticated SMTP (and to the outbox).
    await dropIntoSpool(h.spool, [KB09]);
    await waitForIdle(h);
    expect(smtp.received).toHaveLength(1);

    // A signed webhook, and one signed with a wrong secret; the PR is reviewed into a check run.
    const seed = await pullFromMail(KB09, { owner: OWNER, repo: REPO, number: 9 });
    fake.addPull(seed);
    const payload = example('pull_request', 'opened', 0, { withInstallation: true }) as {
      repository: { owner: { login: string } };
      installation: { id: number };
      number: number;
      pull_request: { head: { sha: string } };
    };
    Object.assign(payload.repository, { id: 4242, name: REPO, full_name: `${OWNER}/${REPO}` });
    payload.repository.owner.login = OWNER;
    payload.installation.id = INSTALLATION;
    payload.number = 9;
    Object.assign(payload.pull_request, { number: 9, state: 'open' });
    payload.pull_request.head.sha = seed.headSha;
    const body = JSON.stringify(payload);
    const post = (signature: string) =>
      fetch(`http://127.0.0.1:${String(service.httpPort)}/webhooks/github`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': signature,
        },
      });
    expect((await post(sign(WEBHOOK_SECRET, body))).status).toBeLessThan(300);
    expect((await post(sign('not-the-secret', body))).status).toBe(401);
    await until('the check run', () => fake!.checkRuns(OWNER, REPO).find((r) => r.status === 'completed'));

    // Errors a user sees: a send with the wrong password, Redis unreachable with the password in its URL.
    const ledgerRedis = createRedis(redisUrl, 'producer');
    const wrong = new SmtpSink({
      transport: createSmtpTransport(`smtp://${SMTP_USER}:${SMTP_PASS}x@127.0.0.1:${smtp.port}`),
      ledger: new RedisSentLedger(ledgerRedis, `${h.prefix}:app:wrong:`),
      allowedLists: ['linux-mm.kvack.org'],
      logger: pino(logOptions({ level: 'debug' }), capture),
      server: `127.0.0.1:${smtp.port}`,
    });
    await wrong
      .publish(
        { kind: 'email-reply', listId: 'linux-mm.kvack.org', reply: await renderSampleReply() },
        new AbortController().signal,
      )
      .catch((e: unknown) => {
        errors.push(String(e), JSON.stringify(e));
      });
    await wrong.close();
    ledgerRedis.disconnect();
    const dead = createRedis(`redis://:${REDIS_PASS}@127.0.0.1:1`, 'producer');
    await connectRedis(dead, `redis://:${REDIS_PASS}@127.0.0.1:1`).catch((e: unknown) => {
      errors.push(String(e));
    });
    dead.disconnect();
    expect(errors.length).toBeGreaterThan(1);

    await h.stop();
    const redis = new Redis(redisUrl);
    try {
      const dump = await redisDump(redis, h.prefix);
      expect(dump.length).toBeGreaterThan(0);
      const outbox = await Promise.all(
        (await outboxFiles(h.outbox)).map((f) => readFile(join(h!.outbox, f), 'latin1')),
      );
      expect(outbox.length).toBeGreaterThan(0);
      const found = {
        logs: leaked(logs.join('')),
        redis: leaked(dump.join('\n')),
        outbox: leaked(outbox.join('\n')),
        mail: leaked(smtp.received.map((m) => m.raw.toString('latin1')).join('\n')),
        github: leaked(JSON.stringify(fake.checkRuns(OWNER, REPO))),
        errors: leaked(errors.join('\n')),
      };
      expect(found).toEqual({ logs: [], redis: [], outbox: [], mail: [], github: [], errors: [] });
      // The run did log at debug, so the search covered something.
      expect(logs.some((l) => l.includes('"level":20'))).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
