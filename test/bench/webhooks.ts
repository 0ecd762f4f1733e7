/**
 * Bench child (issue 5): the webhook server under a burst. 2,000 signed pull_request
 * deliveries (real payloads from @octokit/webhooks-examples), 20 for each of 100 head commits,
 * posted 50 at a time over keep-alive HTTP to the real server, queueing on a real Redis
 * (REDIS_URL, else 127.0.0.1:6379; a random prefix, deleted afterwards). GitHub gives a
 * delivery 10 s; the figures are the answer times, and the jobs queued must be one per head.
 * Prints one JSON line. Usage: node dist/test/bench/webhooks.js [deliveries] [concurrency]
 */
import { Queue } from 'bullmq';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { pino } from 'pino';
import { createGithubClient } from '../../src/github/client.js';
import { createDeliveryLedger } from '../../src/github/delivery-ledger.js';
import { GithubConfig } from '../../src/github/github-config.js';
import { GITHUB_REVIEW_QUEUE } from '../../src/github/jobs.js';
import { Secret } from '../../src/github/secrets.js';
import { createWebhookServer } from '../../src/github/webhook-server.js';
import { connectRedis, createRedis } from '../../src/queue/connection.js';

const deliveries = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 50);
const HEADS = 100;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const secret = randomBytes(32).toString('hex');
const prefix = `bench-${randomBytes(4).toString('hex')}`;

type Example = Record<string, unknown> & { action?: string; installation?: unknown };
const groups = createRequire(import.meta.url)('@octokit/webhooks-examples') as { name: string; examples: Example[] }[];
const template = groups
  .find((g) => g.name === 'pull_request')
  ?.examples.find((e) => e.action === 'synchronize' && e.installation !== undefined);
if (template === undefined) throw new Error('no pull_request.synchronize example');

/** The real payload, pointed at PR n whose head is sha. */
function payloadFor(n: number, sha: string): string {
  const p = structuredClone(template) as {
    number: number;
    pull_request: { number: number; state: string; head: { sha: string } };
  };
  p.number = n;
  p.pull_request.number = n;
  p.pull_request.state = 'open';
  p.pull_request.head.sha = sha;
  return JSON.stringify(p);
}

const producer = createRedis(redisUrl, 'producer');
await connectRedis(producer, redisUrl);
const queue = new Queue(GITHUB_REVIEW_QUEUE, { connection: producer, prefix });
const log = pino({ level: 'silent' });
const server = createWebhookServer({
  config: GithubConfig.parse({}),
  webhookSecret: new Secret(secret),
  queue,
  ledger: createDeliveryLedger(producer, prefix),
  // pull_request deliveries make no API call; a client is required for comment commands only.
  client: createGithubClient(
    { apiUrl: 'http://127.0.0.1:9' },
    { token: new Secret('unused'), privateKey: null, webhookSecret: null },
    log,
  ),
  log,
  isReady: () => Promise.resolve(true),
});
const { port } = await server.listen(0, '127.0.0.1');
const heads = Array.from({ length: HEADS }, (_, i) => ({ n: i + 1, sha: randomBytes(20).toString('hex') }));
const bodies = heads.map((h) => payloadFor(h.n, h.sha));

const latencies: number[] = [];
let failures = 0;
let next = 0;
async function client(): Promise<void> {
  while (next < deliveries) {
    const i = next++;
    const body = bodies[i % HEADS] ?? '';
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${String(port)}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      body,
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (res.status >= 300) failures++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, () => client()));
const seconds = (performance.now() - started) / 1000;
const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized');
const jobs = (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
latencies.sort((a, b) => a - b);
const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;

await server.close();
await queue.obliterate({ force: true });
await queue.close();
for (let cursor = '0'; ;) {
  const [nextCursor, keys] = await producer.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
  if (keys.length > 0) await producer.del(...keys);
  cursor = nextCursor;
  if (cursor === '0') break;
}
await producer.quit();
console.log(
  JSON.stringify({
    deliveries,
    concurrency,
    heads: HEADS,
    jobs,
    failures,
    seconds,
    perSecond: deliveries / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? NaN,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
