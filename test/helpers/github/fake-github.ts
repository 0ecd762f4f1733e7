/**
 * A fake GitHub REST (and a sliver of GraphQL) API on a real node:http server, for tests that
 * drive octokit against it. It keeps what the bot writes (check runs, reviews, comments,
 * reactions), validates requests the way GitHub does where the bot could get it wrong, records
 * every request, and can be told to fail (5xx, rate limits) or to be slow.
 *
 * Routes: routes/*.ts. Auth: auth.ts (App JWT → installation tokens, or one plain token).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Credentials } from './auth.js';
import { Faults, faultReply, RATE_LIMIT, rateLimitHeaders } from './faults.js';
import {
  authLabel,
  badCredentials,
  json,
  notFound,
  parseBody,
  readBody,
  sendReply,
  type Auth,
  type Reply,
} from './http.js';
import { Router } from './router.js';
import { appRoutes } from './routes/app.js';
import { checkRunRoutes } from './routes/check-runs.js';
import { graphqlRoutes } from './routes/graphql.js';
import { issueRoutes } from './routes/issues.js';
import { pullRoutes } from './routes/pulls.js';
import { reviewRoutes } from './routes/reviews.js';
import { Store } from './store.js';
import type {
  FakeCheckRun,
  FakeIssueComment,
  FakeReaction,
  FakeReviewComment,
  FakeReviewThread,
  FakeUser,
  Fault,
  Permission,
  PullSeed,
  RecordedRequest,
} from './types.js';

export type {
  Annotation,
  CheckRunAction,
  CommitSeed,
  FakeCheckRun,
  FakeIssueComment,
  FakeReaction,
  FakeReview,
  FakeReviewComment,
  FakeReviewThread,
  FakeUser,
  Fault,
  Permission,
  PullFileSeed,
  PullSeed,
  RecordedRequest,
} from './types.js';

export interface FakeGithubOptions {
  /** @defaultValue 1 */
  appId?: number;
  /** The installation GET /repos/{owner}/{repo}/installation names. @defaultValue 1 */
  installationId?: number;
  /** The App's public key; without it no App JWT is accepted. */
  appPublicKeyPem?: string;
  /** A plain token accepted on every route but the App's own. */
  token?: string;
  /** e.g. '/api/v3' to act as GitHub Enterprise Server (GraphQL then sits at /api/graphql). */
  pathPrefix?: string;
  /** Delay before every answer. */
  latencyMs?: number;
  /** How long an installation token lives. @defaultValue 1 hour, as on GitHub */
  installationTokenTtlMs?: number;
}

export class FakeGithub {
  readonly requests: RecordedRequest[] = [];
  private readonly store = new Store();
  private readonly faults = new Faults();
  private readonly router = new Router();
  private readonly credentials: Credentials;
  private readonly prefix: string;
  private readonly latencyMs: number;
  private remaining = RATE_LIMIT;
  private server: Server | null = null;
  private origin = '';

  private constructor(options: FakeGithubOptions) {
    this.credentials = new Credentials({
      appId: options.appId ?? 1,
      appPublicKeyPem: options.appPublicKeyPem,
      token: options.token,
      installationTokenTtlMs: options.installationTokenTtlMs,
    });
    this.prefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
    this.latencyMs = options.latencyMs ?? 0;
    appRoutes(this.router, this.credentials, options.installationId ?? 1);
    pullRoutes(this.router, this.store);
    reviewRoutes(this.router, this.store);
    checkRunRoutes(this.router, this.store, this.credentials.appId);
    issueRoutes(this.router, this.store);
    graphqlRoutes(this.router, this.store);
  }

  static async start(options: FakeGithubOptions = {}): Promise<FakeGithub> {
    const fake = new FakeGithub(options);
    const server = createServer((req, res) => {
      fake.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendReply(res, json(500, { message: `fake GitHub failed: ${String(error)}` }), {});
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    fake.server = server;
    fake.origin = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** Base URL for octokit's `baseUrl` (origin + pathPrefix). */
  get url(): string {
    return `${this.origin}${this.prefix}`;
  }

  /** Seeds a pull request; seeding the same number again is a push (new head, files, commits). */
  addPull(seed: PullSeed): void {
    this.store.addPull(seed);
  }

  /**
   * A review comment opening a thread, written by someone other than the bot (a person, another
   * App), on the pull's head: what the bot finds when it lists comments and threads.
   */
  addReviewComment(
    owner: string,
    repo: string,
    pull: number,
    c: { path: string; line: number; body: string; user: FakeUser },
  ): FakeReviewComment {
    return structuredClone(this.store.addReviewComment(owner, repo, pull, c));
  }

  setPermission(owner: string, repo: string, login: string, permission: Permission): void {
    this.store.setPermission(owner, repo, login, permission);
  }

  /** The next faults.length requests matching method and path (without pathPrefix) get these answers, in order. */
  failNext(method: string, path: RegExp, faults: Fault[]): void {
    this.faults.add(method, path, faults);
  }

  checkRuns(owner: string, repo: string): FakeCheckRun[] {
    return structuredClone(this.store.checkRuns(owner, repo));
  }

  reviewComments(owner: string, repo: string, pull: number): FakeReviewComment[] {
    return structuredClone(this.store.reviewComments(owner, repo, pull));
  }

  reviewThreads(owner: string, repo: string, pull: number): FakeReviewThread[] {
    return structuredClone(this.store.reviewThreads(owner, repo, pull));
  }

  reactions(owner: string, repo: string): FakeReaction[] {
    return structuredClone(this.store.reactions(owner, repo));
  }

  issueComments(owner: string, repo: string, issue: number): FakeIssueComment[] {
    return structuredClone(this.store.issueComments(owner, repo, issue));
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    server.closeAllConnections();
    await closed;
  }

  /** The path inside the API (prefix removed), '/graphql' for GHE's /api/graphql, null outside. */
  private apiPath(pathname: string): string | null {
    if (this.prefix === '') return pathname;
    if (pathname === this.prefix || pathname.startsWith(`${this.prefix}/`))
      return pathname.slice(this.prefix.length) || '/';
    if (this.prefix.endsWith('/v3') && pathname === `${this.prefix.slice(0, -3)}/graphql`) return '/graphql';
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = this.apiPath(url.pathname);
    const query = Object.fromEntries(url.searchParams);
    const body = parseBody(text);
    const authorization = req.headers.authorization;
    const auth = this.credentials.identify(authorization);
    const reply =
      path === null ? notFound() : this.answer({ method, path, query, body, auth, authorization, baseUrl: this.url });
    this.requests.push({
      method,
      path: path ?? url.pathname,
      query,
      body,
      status: reply.status,
      auth: authLabel(auth),
    });
    this.remaining = Math.max(1, this.remaining - 1);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    sendReply(res, reply, {
      ...rateLimitHeaders(this.remaining),
      'x-github-request-id': `FAKE:${this.requests.length}`,
      'x-github-media-type': 'github.v3; format=json',
    });
  }

  private answer(ctx: {
    method: string;
    path: string;
    query: Record<string, string>;
    body: unknown;
    auth: Auth | null;
    authorization: string | undefined;
    baseUrl: string;
  }): Reply {
    const fault = this.faults.take(ctx.method, ctx.path);
    if (fault !== undefined) return faultReply(fault, ctx.auth);
    const match = this.router.match(ctx.method, ctx.path);
    const isAppRoute =
      ctx.path === '/app' || ctx.path.startsWith('/app/') || /^\/repos\/[^/]+\/[^/]+\/installation$/.test(ctx.path);
    if (match === null)
      return ctx.authorization !== undefined && ctx.auth === null && !isAppRoute ? badCredentials() : notFound();
    if (!isAppRoute && (ctx.auth === null || ctx.auth.kind === 'app')) return badCredentials();
    try {
      return match.handler(ctx, match.params);
    } catch (error) {
      return json(500, {
        message: `fake GitHub failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      });
    }
  }
}
