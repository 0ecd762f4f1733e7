/**
 * The service's one HTTP server: `GET /healthz` and `POST /webhooks/github` (operator endpoints
 * join the route table below). A delivery is answered within GitHub's 10 s by doing only the
 * cheap part here (verify, route, queue; for a comment command, two API calls under a deadline);
 * the review itself runs in the worker.
 *
 * Order of checks on a delivery, each before the next is looked at:
 *   declared size (413) → signature present (401) → body read under the cap (413) →
 *   HMAC over the raw bytes (401) → event and delivery headers (400) → JSON (400) →
 *   route (ping 200, ignored 202, invalid 400) → delivery seen (200 duplicate) → queue (202);
 *   a check event naming no PR (a fork's head) has its PRs looked up before queueing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhooks } from '@octokit/webhooks';
import type { Queue } from 'bullmq';
import { TransientError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { GithubClient } from './client.js';
import { createCommandHandler, type CommandHandler } from './command-handler.js';
import type { DeliveryLedger } from './delivery-ledger.js';
import { createPullFinder, type PullFinder } from './find-pulls.js';
import type { GithubConfig } from './github-config.js';
import type { HeadPulls } from './head-pulls.js';
import { queueReview } from './queue-review.js';
import { declaredTooLarge, PayloadTooLargeError, readBody } from './read-body.js';
import { jobsFor, routeEvent, type EventRoute, type QueuedJob } from './route-event.js';
import type { Secret } from './secrets.js';
import type { RefusalLedger } from './refusal-ledger.js';

export const WEBHOOK_PATH = '/webhooks/github';
export const HEALTH_PATH = '/healthz';

/** A readiness probe that hangs must not hang /healthz with it. */
const READY_TIMEOUT_MS = 2000;

export interface WebhookServerDeps {
  readonly config: GithubConfig;
  readonly webhookSecret: Secret;
  /** The GITHUB_REVIEW_QUEUE queue (a producer connection: fail fast). */
  readonly queue: Queue;
  readonly ledger: DeliveryLedger;
  /** For comment commands: the permission check, the PR's head, the reaction. */
  readonly client: GithubClient;
  readonly log: Logger;
  /** Refused comment commands answered once a day per commenter and PR. */
  readonly refusals?: RefusalLedger;
  /** The PRs reviewed at each head, for check events of a fork's PR (which list none). */
  readonly heads?: HeadPulls;
  /** Can the service take work (Redis answering)? */
  isReady(): Promise<boolean>;
}

export interface WebhookServer {
  /** Starts listening; port 0 picks a free port, returned. */
  listen(port: number, host?: string): Promise<{ port: number }>;
  /** Stops accepting, closes idle keep-alive connections, waits for requests in flight. */
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly close?: boolean;
}
type Handler = (req: IncomingMessage) => Promise<Reply>;

const reply = (status: number, body: Record<string, unknown>, close = false): Reply => ({ status, body, close });

function send(res: ServerResponse, r: Reply): void {
  const text = JSON.stringify(r.body);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  };
  // The request body may be unread (refused early): do not read it just to keep the socket.
  if (r.close === true) headers.connection = 'close';
  res.writeHead(r.status, headers).end(text);
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

// X-GitHub-Delivery is a GUID; it becomes part of a Redis key and a job id, so keep it plain.
const DELIVERY_ID = /^[A-Za-z0-9._-]{1,100}$/;
// UTF-8 exactly as sent: fatal on bad bytes, BOM kept, so the string's bytes are the raw bytes.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function createWebhookHandler(deps: WebhookServerDeps): Handler {
  const { config, ledger, queue } = deps;
  const webhooks = new Webhooks({ secret: deps.webhookSecret.reveal() });
  const runCommand: CommandHandler = createCommandHandler({
    client: deps.client,
    queue,
    log: deps.log,
    ...(deps.refusals === undefined ? {} : { refusals: deps.refusals }),
  });
  const findPulls: PullFinder = createPullFinder({
    client: deps.client,
    ...(deps.heads === undefined ? {} : { heads: deps.heads }),
  });

  /** The signature over exactly these bytes, compared in constant time by @octokit/webhooks. */
  async function signed(raw: Buffer, signature: string): Promise<{ text: string } | null> {
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      return null;
    }
    if (text === '') return null;
    return (await webhooks.verify(text, signature)) ? { text } : null;
  }

  async function enqueue(jobs: readonly QueuedJob[], log: Logger): Promise<Reply> {
    const retried: string[] = [];
    for (const j of jobs) if ((await queueReview(queue, j.data)).replacedFailed) retried.push(j.id);
    log.info(
      { jobIds: jobs.map((j) => j.id), ...(retried.length === 0 ? {} : { replacedFailed: retried }) },
      'webhook queued review',
    );
    return reply(202, { queued: jobs.map((j) => j.id) });
  }

  async function carryOut(
    route: EventRoute & { kind: 'enqueue' | 'find-pulls' | 'command' },
    log: Logger,
  ): Promise<Reply> {
    if (route.kind === 'enqueue') return enqueue(route.jobs, log);
    if (route.kind === 'find-pulls') {
      const pulls = await findPulls(route.lookup);
      log.debug(
        { headSha: route.lookup.headSha, pulls },
        "check event without pull requests (a fork's head?): looked them up",
      );
      return pulls.length === 0
        ? reply(202, { ignored: 'no pull request of this repository at this head' })
        : enqueue(jobsFor(route.lookup, pulls), log);
    }
    const outcome = await runCommand(route.command);
    if (outcome.kind === 'queued') return reply(202, { queued: [outcome.jobId] });
    if (outcome.kind === 'refused') return reply(202, { refused: 'commenter may not ask for a review' });
    return reply(202, { ignored: outcome.reason });
  }

  return async (req) => {
    if (declaredTooLarge(req, config.maxPayloadBytes)) return reply(413, { error: 'payload too large' }, true);
    const signature = header(req, 'x-hub-signature-256');
    if (signature === undefined) return reply(401, { error: 'missing X-Hub-Signature-256' }, true);
    let raw: Buffer;
    try {
      raw = await readBody(req, config.maxPayloadBytes);
    } catch (err) {
      if (err instanceof PayloadTooLargeError) throw err;
      // The sender went away mid-body: nobody is left to answer, and nothing is wrong here.
      deps.log.debug({ err }, 'webhook body not read');
      return reply(400, { error: 'request body could not be read' }, true);
    }
    const verified = await signed(raw, signature);
    if (verified === null) return reply(401, { error: 'signature does not match' });
    const event = header(req, 'x-github-event');
    const deliveryId = header(req, 'x-github-delivery');
    if (event === undefined || deliveryId === undefined)
      return reply(400, { error: 'missing X-GitHub-Event or X-GitHub-Delivery' });
    if (!DELIVERY_ID.test(deliveryId)) return reply(400, { error: 'malformed X-GitHub-Delivery' });
    const log = deps.log.child({ deliveryId, event });
    if (header(req, 'content-type')?.includes('x-www-form-urlencoded') === true) {
      log.warn('webhook sent as form data: set the webhook content type to application/json');
      return reply(415, { error: 'send webhooks as application/json' });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(verified.text);
    } catch {
      return reply(400, { error: 'malformed JSON' });
    }

    const route = routeEvent(event, payload, config, deliveryId);
    switch (route.kind) {
      case 'ping':
        return reply(200, { pong: true });
      case 'ignore':
        log.debug({ reason: route.reason }, 'webhook ignored');
        return reply(202, { ignored: route.reason });
      case 'invalid':
        log.warn({ reason: route.reason }, 'webhook payload invalid');
        return reply(400, { error: `invalid payload: ${route.reason}` });
      default:
        break;
    }
    const claim = await ledger.claim(deliveryId);
    if (claim === null) return reply(200, { duplicate: true });
    try {
      const done = await carryOut(route, log);
      await claim.complete();
      return done;
    } catch (err) {
      await claim.release().catch((e: unknown) => {
        log.error({ err: e }, 'could not release the delivery claim');
      });
      return failure(err, log);
    }
  };
}

async function health(deps: WebhookServerDeps): Promise<Reply> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, READY_TIMEOUT_MS);
  });
  try {
    const ready = await Promise.race([deps.isReady(), timeout]);
    return ready ? reply(200, { status: 'ok' }) : reply(503, { status: 'unavailable' });
  } catch (err) {
    deps.log.warn({ err }, 'readiness check failed');
    return reply(503, { status: 'unavailable' });
  } finally {
    clearTimeout(timer);
  }
}

/** Failure → status: too large 413, GitHub down (comment commands) 503, anything else 500. */
function failure(err: unknown, log: Logger): Reply {
  if (err instanceof PayloadTooLargeError) return reply(413, { error: 'payload too large' }, true);
  if (err instanceof TransientError) {
    log.warn({ err }, 'webhook could not be handled now; GitHub may redeliver it');
    return reply(503, { error: 'temporarily unavailable' });
  }
  log.error({ err }, 'webhook handling failed');
  return reply(500, { error: 'internal error' });
}

export function createWebhookServer(deps: WebhookServerDeps): WebhookServer {
  // path → method → handler. Later operator endpoints are added here.
  const routes: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
    [HEALTH_PATH]: { GET: () => health(deps) },
    [WEBHOOK_PATH]: { POST: createWebhookHandler(deps) },
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const methods = Object.hasOwn(routes, path) ? routes[path] : undefined;
    const handler =
      methods !== undefined && Object.hasOwn(methods, req.method ?? '') ? methods[req.method ?? ''] : undefined;
    let result: Promise<Reply>;
    if (methods === undefined) result = Promise.resolve(reply(404, { error: 'not found' }));
    else if (handler === undefined) {
      res.setHeader('allow', Object.keys(methods).join(', '));
      result = Promise.resolve(reply(405, { error: 'method not allowed' }));
    } else result = handler(req);
    result
      .catch((err: unknown) => failure(err, deps.log))
      .then(
        (r) => {
          send(res, r);
        },
        (err: unknown) => {
          deps.log.error({ err }, 'could not send the answer');
          res.destroy();
        },
      );
  });
  // A slow sender must not hold a socket for Node's default 5 minutes.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        const listening = (): void => {
          server.off('error', reject);
          resolve({ port: (server.address() as AddressInfo).port });
        };
        if (host === undefined) server.listen(port, listening);
        else server.listen(port, host, listening);
      }),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
