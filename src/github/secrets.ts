/**
 * Secrets of the GitHub integration, read only from the environment or from files, and held in
 * a Secret whose printed, logged and JSON forms are '[redacted]': a logged config or an error
 * carrying one shows nothing.
 */
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { ConfigError } from '../config/project-config.js';
import type { GithubConfig } from './github-config.js';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The only way to the value: call it where the secret is used, nowhere else. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}

export interface GithubSecrets {
  readonly privateKey: Secret | null;
  readonly token: Secret | null;
  readonly webhookSecret: Secret | null;
}

type Env = Readonly<Record<string, string | undefined>>;
const given = (v: string | undefined): v is string => v !== undefined && v !== '';

async function fromFile(path: string, what: string): Promise<Secret> {
  try {
    return new Secret((await readFile(path, 'utf8')).trim());
  } catch (err) {
    throw new ConfigError(path, [`cannot read the ${what}: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

/**
 * GITHUB_PRIVATE_KEY (the PEM itself; `\n` escapes allowed, as CI systems store one line) or
 * GITHUB_PRIVATE_KEY_PATH, else config privateKeyPath; GITHUB_TOKEN; GITHUB_WEBHOOK_SECRET,
 * else config webhookSecretPath.
 */
export async function loadGithubSecrets(
  env: Env,
  config: Pick<GithubConfig, 'privateKeyPath' | 'webhookSecretPath'>,
): Promise<GithubSecrets> {
  let privateKey: Secret | null = null;
  if (given(env.GITHUB_PRIVATE_KEY)) privateKey = new Secret(env.GITHUB_PRIVATE_KEY.replace(/\\n/g, '\n'));
  else if (given(env.GITHUB_PRIVATE_KEY_PATH))
    privateKey = await fromFile(env.GITHUB_PRIVATE_KEY_PATH, 'GitHub App private key (GITHUB_PRIVATE_KEY_PATH)');
  else if (config.privateKeyPath !== undefined)
    privateKey = await fromFile(config.privateKeyPath, 'GitHub App private key (github.privateKeyPath)');
  let webhookSecret: Secret | null = null;
  if (given(env.GITHUB_WEBHOOK_SECRET)) webhookSecret = new Secret(env.GITHUB_WEBHOOK_SECRET);
  else if (config.webhookSecretPath !== undefined)
    webhookSecret = await fromFile(config.webhookSecretPath, 'webhook secret (github.webhookSecretPath)');
  const token = given(env.GITHUB_TOKEN) ? new Secret(env.GITHUB_TOKEN) : null;
  return { privateKey, token, webhookSecret };
}
