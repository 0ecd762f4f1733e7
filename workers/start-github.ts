/**
 * The GitHub side of the service, started when GitHub auth is configured: the review worker and
 * the HTTP server that takes webhooks (and answers /healthz). The webhook handler queues through
 * a producer connection of its own, which fails fast: GitHub gets a 5xx it can redeliver instead
 * of a request hanging past its 10 s while Redis is away.
 */
import { Queue, type Worker } from 'bullmq';
import type { Rule } from '../src/engine/rule.js';
import { ConfigError } from '../src/config/project-config.js';
import type { ServiceConfig } from '../src/config/service-config.js';
import { createGithubClient, githubConfigured } from '../src/github/client.js';
import { createDeliveryLedger } from '../src/github/delivery-ledger.js';
import { createHeadPulls } from '../src/github/head-pulls.js';
import { createRefusalLedger } from '../src/github/refusal-ledger.js';
import { GITHUB_REVIEW_QUEUE } from '../src/github/jobs.js';
import type { GithubSecrets } from '../src/github/secrets.js';
import { createWebhookServer } from '../src/github/webhook-server.js';
import { connectRedis, createRedis } from '../src/queue/connection.js';
import { jobOptions } from '../src/queue/queues.js';
import { retentionMs } from '../src/queue/names.js';
import type { WorkerBase } from '../src/queue/worker-base.js';
import { createGithubReviewWorker } from './github.js';

export interface GithubSide {
  readonly worker: Worker;
  /** The port the HTTP server listens on (the configured one, or the one picked for port 0). */
  readonly port: number;
  /** Stops the HTTP server and the producer; the worker is closed with the others. */
  close(): Promise<void>;
}

export interface GithubSideOptions {
  readonly config: ServiceConfig;
  readonly secrets: GithubSecrets;
  readonly redisUrl: string;
  readonly rules: readonly Rule[];
  readonly base: WorkerBase;
}

/** Null when GitHub is not configured (no App id + key, no token): the mail service alone. */
export async function startGithub(options: GithubSideOptions): Promise<GithubSide | null> {
  const { config, secrets, base } = options;
  if (!githubConfigured(config.github, secrets)) {
    if (config.github.appId !== undefined)
      base.log.warn(
        'GITHUB_APP_ID is set but no private key (GITHUB_PRIVATE_KEY or GITHUB_PRIVATE_KEY_PATH): GitHub stays off',
      );
    return null;
  }
  if (secrets.webhookSecret === null) {
    throw new ConfigError('GITHUB_WEBHOOK_SECRET', [
      "GitHub auth is set but no webhook secret: set GITHUB_WEBHOOK_SECRET (or github.webhookSecretPath) to the App's webhook secret",
    ]);
  }
  // One client for reviews, one for the webhook server's own answers (reactions, refusals,
  // permission checks), so that those never queue behind a review's writes.
  const client = createGithubClient(config.github, secrets, base.log, { throttleId: 'review' });
  const answering = createGithubClient(config.github, secrets, base.log, { throttleId: 'webhooks' });
  const producer = createRedis(options.redisUrl, 'producer');
  await connectRedis(producer, options.redisUrl);
  producer.on('error', (err: Error) => {
    base.log.warn({ err }, 'webhook redis connection error');
  });
  const queue = new Queue(GITHUB_REVIEW_QUEUE, {
    connection: producer,
    prefix: base.prefix,
    defaultJobOptions: jobOptions(config.jobs),
  });
  queue.on('error', (err) => {
    base.log.warn({ queue: GITHUB_REVIEW_QUEUE, err }, 'queue connection error');
  });
  const retention = retentionMs(config.redis).data;
  const worker = createGithubReviewWorker({
    ...base,
    client,
    config: config.github,
    review: config.review,
    rules: options.rules,
    heads: createHeadPulls(base.connection, base.prefix, retention),
  });
  const server = createWebhookServer({
    config: config.github,
    webhookSecret: secrets.webhookSecret,
    queue,
    ledger: createDeliveryLedger(producer, base.prefix),
    refusals: createRefusalLedger(producer, base.prefix),
    heads: createHeadPulls(producer, base.prefix, retention),
    client: answering,
    log: base.log.child({ component: 'webhooks' }),
    isReady: async () => {
      await producer.ping();
      return true;
    },
  });
  const { port } = await server.listen(config.github.port);
  base.log.info({ port, mode: client.mode, apiUrl: config.github.apiUrl }, 'GitHub webhooks listening');
  return {
    worker,
    port,
    close: async () => {
      await server.close();
      await queue.close();
      await producer.quit();
    },
  };
}
