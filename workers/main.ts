/**
 * Composition root: config → logger → Redis → sources and sinks → workers. Builds everything
 * the workers need and nothing else lives here; SIGTERM/SIGINT drain the jobs in flight
 * (Worker.close waits for them), then the connections and a private Redis are closed.
 */
import { Queue, type Worker } from 'bullmq';
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { rules as catalog } from '../rules/index.js';
import { withDocsBase } from '../src/engine/docs-link.js';
import { loadServiceConfig, type LoadedServiceConfig } from '../src/config/service-config.js';
import { createLogger, flushLogger, type Logger } from '../src/log/logger.js';
import { BlobStore } from '../src/queue/blob-store.js';
import { createRedis } from '../src/queue/connection.js';
import { FindingHistory } from '../src/queue/finding-history.js';
import { DEFAULT_SLOT_HOLD_MS, ListRateLimiter } from '../src/queue/list-rate-limit.js';
import { MessageStore } from '../src/queue/message-store.js';
import { pollQueueName, retentionMs } from '../src/queue/names.js';
import { closeQueues, createQueues } from '../src/queue/queues.js';
import { bullSeriesQueue } from '../src/queue/series-queue.js';
import { ReplyStore } from '../src/queue/reply-store.js';
import { listAddressLookup, listDigestLookup, listReplyToLookup } from '../src/review/list-address.js';
import { triggerUnion } from '../src/pipeline/prefilter.js';
import { rulesetVersion } from '../src/review/review-thread.js';
import { TOOL } from '../src/render/tool-info.js';
import { resolveRedis } from '../src/service/resolve-redis.js';
import { withoutCredentials } from '../src/log/without-credentials.js';
import { buildSinks } from '../src/service/build-sinks.js';
import { buildSources } from '../src/service/build-sources.js';
import type { PullSource } from '../src/sources/source.js';
import { createIngestWorker } from './ingest.js';
import { createPollWorker, schedulePolling } from './poll.js';
import { createPublishWorker } from './publish.js';
import { createReviewWorker } from './review.js';
import { createSeriesWorker } from './series.js';
import { startGithub } from './start-github.js';

export interface RunningService {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly sources: readonly PullSource[];
  /** Port of the HTTP server (GitHub webhooks, /healthz); null when GitHub is not configured. */
  readonly httpPort: number | null;
  /** Drains the jobs in flight, then closes everything this service opened. */
  close(): Promise<void>;
}

/** Bridges BullMQ's failed/error events to the logger, once per worker. */
function bridgeEvents(worker: Worker, log: Logger): void {
  worker.on('failed', (job, err) => {
    log.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err }, 'job failed');
  });
  worker.on('error', (err) => {
    log.error({ queue: worker.name, err }, 'worker error');
  });
}

export async function startService(loaded: LoadedServiceConfig, log: Logger): Promise<RunningService> {
  const { config } = loaded;
  // Findings, replies and check runs link our docs under the configured base.
  const rules = withDocsBase(catalog, config.identity.docsBase);
  // Created up front so an operator sees where to drop mail and where replies appear.
  await Promise.all([config.spool.dir, config.outbox.dir].map((d) => mkdir(d, { recursive: true })));
  const redis = await resolveRedis(config.redis.url, loaded.redisExplicit, config.redis.dataDir, log);
  const connection = createRedis(redis.url, 'worker');
  const prefix = config.redis.prefix;
  const retention = retentionMs(config.redis);
  const blobs = new BlobStore(connection, prefix, retention.data);
  const messages = new MessageStore(connection, prefix, retention.data);
  const replies = new ReplyStore(connection, prefix, retention.data, retention.ledger);
  const queues = createQueues(connection, prefix, config.publish.backoff, config.jobs);
  const scheduled = buildSources(config, log);
  const sources = scheduled.map((s) => s.source);
  const sinks = buildSinks(config, connection, prefix, log);
  const base = { connection, prefix, log, concurrency: config.workers.concurrency, lockMs: config.workers.lockMs };
  const ruleset = rulesetVersion(rules);
  const seriesQueue = bullSeriesQueue(queues, ruleset);
  // First: a GitHub misconfiguration fails before any mail worker has started.
  const github = await startGithub({ config, secrets: loaded.githubSecrets, redisUrl: redis.url, rules, base });
  const workers: Worker[] = [
    // Ingest runs twice the configured concurrency: an ingest job spends about as long waiting
    // on Redis (the blob, the record and thread join, the job's own completion) as parsing, so
    // with `concurrency` jobs the process sat idle a fifth of the time (BENCHMARKS.md, issue 4).
    createIngestWorker({
      ...base,
      concurrency: 2 * base.concurrency,
      blobs,
      messages,
      queue: seriesQueue,
      ruleset,
      waitMs: config.series.waitMs,
      triggers: triggerUnion(rules),
      limits: config.limits,
    }),
    createSeriesWorker({ ...base, messages, queue: seriesQueue, ruleset, waitMs: config.series.waitMs }),
    createReviewWorker({
      ...base,
      blobs,
      messages,
      replies,
      queues,
      rules,
      ruleset,
      sinks,
      config: config.review,
      history: new FindingHistory(connection, prefix, retention.ledger),
      repeatPersisting: config.versions.repeatPersisting,
      replyPlan: {
        identity: { ...config.identity, version: TOOL.version, maxFindings: config.limits.findingsPerReply },
        listAddress: listAddressLookup(config.lists),
        replyTo: listReplyToLookup(config.lists),
        digest: listDigestLookup(config.lists),
        toPull: config.replies.toPull,
      },
    }),
    createPublishWorker({
      ...base,
      replies,
      sinks: new Map(sinks.map((s) => [s.id, s])),
      backoff: config.publish.backoff,
      // Only real sending is rate limited; the outbox shows everything at once. A reply keeps
      // its slot for as long as its job may still retry.
      rateLimits: new Map(
        sinks
          .filter((s) => s.id !== 'outbox')
          .map((s) => [
            s.id,
            new ListRateLimiter(
              connection,
              prefix,
              config.smtp.ratePerList,
              Math.max(DEFAULT_SLOT_HOLD_MS, 2 * config.publish.backoff.giveUpAfterMs),
            ),
          ]),
      ),
    }),
    ...sources.map((source) => createPollWorker({ ...base, source, blobs, queues })),
  ];
  if (github !== null) workers.push(github.worker);
  workers.forEach((w) => {
    bridgeEvents(w, log);
  });
  const pollQueues = sources.map((s) => new Queue(pollQueueName(s.id), { connection, prefix }));
  // While Redis is away, every client reports each failed reconnect: to the log, not the console.
  for (const q of [...Object.values(queues), ...pollQueues])
    q.on('error', (err) => {
      log.warn({ queue: q.name, err }, 'queue connection error');
    });
  connection.on('error', (err: Error) => {
    log.warn({ err }, 'redis connection error');
  });
  for (const [i, s] of scheduled.entries()) {
    const queue = pollQueues[i];
    if (queue) await schedulePolling(queue, s.source.id, s.everyMs);
  }
  log.info(
    {
      redis: withoutCredentials(redis.url),
      prefix,
      spool: config.spool.dir,
      outbox: config.outbox.dir,
      sources: sources.map((s) => s.id),
    },
    'service started',
  );

  return {
    redisUrl: redis.url,
    prefix,
    sources,
    httpPort: github?.port ?? null,
    close: async () => {
      // No new webhooks first, then drain the jobs in flight.
      await github?.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(pollQueues.map((q) => q.close()));
      await closeQueues(queues);
      await Promise.all(
        [...sources, ...sinks].map(async (x) => {
          await x.close?.();
        }),
      );
      await connection.quit();
      await redis.stop();
      log.info('service stopped');
    },
  };
}

/** `dax-review serve` / `npm start`: runs until SIGTERM or SIGINT, then drains and exits. */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const log = createLogger();
  const loaded = await loadServiceConfig(
    env,
    catalog.map((r) => r.id),
  );
  const service = await startService(loaded, log);
  await new Promise<void>((done) => {
    const stop = (signal: NodeJS.Signals): void => {
      log.info({ signal }, 'draining in-flight jobs');
      // The log destination is asynchronous: its last lines are written out before returning.
      service
        .close()
        .then(
          () => flushLogger(log),
          (err: unknown) => {
            log.error({ err }, 'error while stopping');
            return flushLogger(log);
          },
        )
        .then(done, done);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

// Run directly (`node --import tsx workers/main.ts`, used by the fault tests).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serve();
}
