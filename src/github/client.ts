/**
 * Authenticated octokit instances for the review worker and the webhook server. A GitHub App
 * (app id + private key) gets an installation token per installation from @octokit/auth-app,
 * cached until shortly before the expiry GitHub gives it and then minted again
 * (token-cache.ts); a plain token (GITHUB_TOKEN) serves every repository it can reach. Every
 * instance has octokit's retry (5xx) and throttling (primary and secondary rate limits) plugins.
 */
import { createAppAuth } from '@octokit/auth-app';
import { Octokit, RequestError } from 'octokit';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import { PermanentError } from '../errors.js';
import type { GithubConfig } from './github-config.js';
import type { GithubSecrets } from './secrets.js';
import { createTokenCache, type TokenCacheOptions } from './token-cache.js';

export type GithubOctokit = InstanceType<typeof Octokit>;

export interface GithubClient {
  /** 'app' when App auth is configured (check runs need it), else 'token'. */
  readonly mode: 'app' | 'token';
  /** The App's id, null with a token. */
  readonly appId: number | null;
  /** An octokit acting for this installation (App auth) or the token (installationId ignored). */
  forInstallation(installationId: number | null): Promise<GithubOctokit>;
  /** The App's installation on a repository (for work not started by a webhook); null with a token. */
  installationFor(owner: string, repo: string): Promise<number | null>;
  /**
   * The login the bot writes as, looked up once: `<slug>[bot]` for an App (GET /app with the App
   * JWT); for a token its user's login (GET /user), or null when the token may not ask (an
   * installation token such as Actions' GITHUB_TOKEN).
   */
  botLogin(): Promise<string | null>;
}

export interface ClientOptions {
  /**
   * How many times a rate-limited request waits and tries again. @defaultValue 2
   * (octokit's own default gives up after one wait.)
   */
  readonly rateLimitRetries?: number;
  /** Retries of a 5xx answer (plugin-retry). @defaultValue 3 */
  readonly serverErrorRetries?: number;
  /** How installation tokens are kept (token-cache.ts). */
  readonly tokenCache?: TokenCacheOptions;
  /**
   * Names this client's request queues (plugin-throttling's limiter keys, one set per
   * installation under it). Clients with different names never wait for each other: the
   * webhook server's reactions and refusals must answer within GitHub's delivery time, not
   * queue behind a review's writes (1 s apart) and comments (3 s apart). @defaultValue 'dax-review'
   */
  readonly throttleId?: string;
}

const AppAnswer = z.object({ slug: z.string().min(1) });
const UserAnswer = z.object({ login: z.string().min(1) });

/** A lookup done once; a failed one is tried again on the next call. */
function once<T>(look: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= look().catch((err: unknown) => {
      pending = null;
      throw err;
    });
    return pending;
  };
}

/** GET /user with a token; null when the token is not a user's (401, 403, 404). */
async function tokenLogin(octokit: GithubOctokit): Promise<string | null> {
  try {
    return UserAnswer.parse((await octokit.request('GET /user')).data).login;
  } catch (err) {
    if (err instanceof RequestError && [401, 403, 404].includes(err.status)) return null;
    throw err;
  }
}

/** plugin-throttling's options, with the limiter key `id`. */
function throttleOptions(id: string, log: Logger, options: ClientOptions): Record<string, unknown> {
  const limit = options.rateLimitRetries ?? 2;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, req: { method: string; url: string; request: { retryCount: number } }): boolean => {
      log.warn(
        { method: req.method, url: req.url, retryAfter, retryCount: req.request.retryCount },
        `GitHub ${kind} rate limit`,
      );
      return req.request.retryCount < limit;
    };
  return { id, onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') };
}

function octokitClass(config: Pick<GithubConfig, 'apiUrl'>, log: Logger, options: ClientOptions): typeof Octokit {
  return Octokit.defaults({
    baseUrl: config.apiUrl.replace(/\/+$/, ''),
    userAgent: 'dax-review',
    // Through the plugin's own option: a `request.retries` default would make plugin-retry retry
    // every failure, 403 and 404 included, not only the ones outside its doNotRetry list.
    retry: { retries: options.serverErrorRetries ?? 3 },
    throttle: throttleOptions(`${options.throttleId ?? 'dax-review'}:app`, log, options),
    // octokit logs through console by default; ours is structured.
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => {
        log.warn(m);
      },
      error: (m: string) => {
        log.error(m);
      },
    },
  });
}

export function createGithubClient(
  config: Pick<GithubConfig, 'apiUrl' | 'appId'>,
  secrets: GithubSecrets,
  log: Logger,
  options: ClientOptions = {},
): GithubClient {
  const OctokitWithDefaults = octokitClass(config, log, options);
  if (config.appId !== undefined && secrets.privateKey !== null) {
    const appId = config.appId;
    // The App's own octokit (App JWT). @octokit/app's App would do the same with auth-app's
    // fixed 59-minute token cache, which it gives no way to replace.
    const appOctokit = new OctokitWithDefaults({
      authStrategy: createAppAuth,
      auth: { appId, privateKey: secrets.privateKey.reveal(), cache: createTokenCache(options.tokenCache) },
    });
    return {
      mode: 'app',
      appId,
      forInstallation: async (installationId) => {
        if (installationId === null)
          throw new PermanentError(
            'a GitHub App needs the installation id of the event (the webhook payload had none)',
          );
        // An octokit whose every request asks auth-app (and so the cache) for the token.
        return (await appOctokit.auth({
          type: 'installation',
          installationId,
          factory: (auth: Record<string, unknown>) =>
            new OctokitWithDefaults({
              authStrategy: createAppAuth,
              auth: { ...auth, installationId },
              // GitHub counts an installation's requests on their own: so do its limiters.
              throttle: throttleOptions(
                `${options.throttleId ?? 'dax-review'}:${String(installationId)}`,
                log,
                options,
              ),
            }),
        })) as GithubOctokit;
      },
      installationFor: async (owner, repo) => (await appOctokit.rest.apps.getRepoInstallation({ owner, repo })).data.id,
      botLogin: once(async () => `${AppAnswer.parse((await appOctokit.request('GET /app')).data).slug}[bot]`),
    };
  }
  if (secrets.token !== null) {
    const octokit = new OctokitWithDefaults({
      auth: secrets.token.reveal(),
      throttle: throttleOptions(`${options.throttleId ?? 'dax-review'}:token`, log, options),
    });
    return {
      mode: 'token',
      appId: null,
      forInstallation: () => Promise.resolve(octokit),
      installationFor: () => Promise.resolve(null),
      botLogin: once(() => tokenLogin(octokit)),
    };
  }
  throw new PermanentError(
    'GitHub is not configured: set GITHUB_APP_ID with GITHUB_PRIVATE_KEY (or GITHUB_PRIVATE_KEY_PATH), or GITHUB_TOKEN',
  );
}

/** Is any GitHub auth configured? The service starts the GitHub side only then. */
export function githubConfigured(config: Pick<GithubConfig, 'appId'>, secrets: GithubSecrets): boolean {
  return (config.appId !== undefined && secrets.privateKey !== null) || secrets.token !== null;
}
