/**
 * The service's configuration: a YAML file (path in DAX_REVIEW_CONFIG, optional) validated by
 * zod, then the environment overrides that operators and scripts rely on, which win whatever
 * the file says: REDIS_URL, DAX_REVIEW_SPOOL_DIR, DAX_REVIEW_OUTBOX_DIR, SMTP_URL, GITHUB_API_URL,
 * GITHUB_APP_ID, PORT (GitHub's secrets: src/github/secrets.ts).
 *
 *     redis: { url: redis://10.0.0.5:6379, prefix: dax, retentionDays: 90, ledgerRetentionDays: 400 }
 *     jobs: { completed: { ageDays: 14, count: 100000 }, failed: { ageDays: 30, count: 10000 } }
 *     spool: { dir: /srv/dax/spool, pollMs: 2000 }
 *     outbox: { dir: /srv/dax/outbox }
 *     smtp: { enabled: true, allowLists: [nvdimm.lists.linux.dev] }   # URL from SMTP_URL
 *     publish:                     # retries of a send that may pass (SMTP down, 4xx); 5xx fails at once
 *       backoff: { firstDelayMs: 5000, maxDelayMs: 600000, giveUpAfterMs: 86400000 }   # the defaults
 *     series: { waitMs: 600000 }
 *     sources:
 *       publicInbox: { nvdimm: { epochs: [/srv/lore/nvdimm/0.git], fetch: true } }
 *     identity: { from: { name: dax-review, address: dax-review@example.org }, domain: example.org }
 *     lists:
 *       - { id: linux-mm.kvack.org, address: linux-mm@kvack.org, digest: true, replyTo: all }
 *     versions: { repeatPersisting: false }
 *     replies: { toPull: false }         # [PULL] mail gets no reply unless true
 *     review:                      # rule settings per List-Id (src/config/project-config.ts)
 *       rules: { map-sync-is-not-persistence: warning }
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { GithubConfig } from '../github/github-config.js';
import { loadGithubSecrets, type GithubSecrets } from '../github/secrets.js';
import { JobRetention } from '../queue/job-retention.js';
import { PublishBackoff } from '../queue/publish-backoff.js';
import { REPLY_TO } from '../render/reply-recipients.js';
import { ImapSourceConfig } from '../sources/imap.js';
import { PublicInboxSourceConfig } from '../sources/public-inbox.js';
import { Limits } from '../limits/limits.js';
import { ConfigError, parseProjectConfig, ProjectConfig } from './project-config.js';
import { DEFAULT_DOCS_BASE } from '../engine/docs-link.js';

const Dir = z.string().min(1);
const SourceName = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, . _ -');

const Address = z.object({ name: z.string().default(''), address: z.email() }).strict();

export const ServiceConfig = z
  .object({
    redis: z
      .object({
        /** @defaultValue redis://127.0.0.1:6379 */
        url: z
          .string()
          .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
          .default('redis://127.0.0.1:6379'),
        /** Prefix of every queue and key: services sharing a Redis with different prefixes never meet. */
        prefix: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/)
          .default('dax'),
        /** Where a private redis-server keeps its AOF when the bot has to start one. */
        dataDir: Dir.default('./var/redis'),
        /** How long raw mail, parsed records, threads and rendered replies are kept. */
        retentionDays: z.number().int().min(1).default(90),
        /**
         * How long what was sent (publish records, the SMTP sent ledger) and which findings each
         * series was told (finding history) are kept: longer than the mail, since a mail delivered
         * again within this time must get no second reply.
         */
        ledgerRetentionDays: z.number().int().min(1).default(400),
      })
      .strict()
      .prefault({})
      .refine((r) => r.ledgerRetentionDays >= r.retentionDays, {
        message: 'ledgerRetentionDays must not be shorter than retentionDays',
        path: ['ledgerRetentionDays'],
      }),
    /** Finished jobs kept per queue (src/queue/job-retention.ts). */
    jobs: JobRetention.prefault({}),
    spool: z
      .object({
        dir: Dir.default('./var/spool'),
        pollMs: z.number().int().min(100).default(2000),
      })
      .strict()
      .prefault({}),
    outbox: z
      .object({ dir: Dir.default('./var/outbox') })
      .strict()
      .prefault({}),
    /** More pull sources besides the spool, by name: `public-inbox:<name>`, `imap:<name>`. */
    sources: z
      .object({
        publicInbox: z.record(SourceName, PublicInboxSourceConfig).default({}),
        imap: z.record(SourceName, ImapSourceConfig).default({}),
        pollMs: z.number().int().min(1000).default(60_000),
      })
      .strict()
      .prefault({}),
    smtp: z
      .object({
        url: z.string().optional(),
        /** Sending stays off unless this is true and a URL is set. */
        enabled: z.boolean().default(false),
        /** List-Ids the bot may really reply on by SMTP; replies to other lists are not sent. */
        allowLists: z.array(z.string().min(1)).default([]),
        /** Never spam: at most `max` replies per list in `windowMs` (per list, all workers together). */
        ratePerList: z
          .object({
            max: z.number().int().min(1).default(20),
            windowMs: z.number().int().min(1000).default(3_600_000),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /**
     * Publish jobs retry a failed send exponentially from `firstDelayMs`, each wait at most
     * `maxDelayMs`, until `giveUpAfterMs` of waiting (src/queue/publish-backoff.ts): an SMTP outage
     * of up to a day needs no `jobs retry`. Jobs keep the schedule they were queued with.
     */
    publish: z
      .object({ backoff: PublishBackoff.prefault({}) })
      .strict()
      .prefault({}),
    series: z
      .object({
        /** How long to wait for the missing patches of a series before reviewing what arrived. */
        waitMs: z
          .number()
          .int()
          .min(0)
          .default(10 * 60_000),
      })
      .strict()
      .prefault({}),
    versions: z
      .object({
        /** Repeat findings an earlier version of the series was already told about. */
        repeatPersisting: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    replies: z
      .object({
        /** Review [PULL] mail too (pull requests re-post patches already reviewed on the list). */
        toPull: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    workers: z
      .object({
        concurrency: z.number().int().min(1).max(64).default(4),
        /** Job lock: how soon the jobs of a worker that died are taken up again. */
        lockMs: z.number().int().min(500).default(30_000),
      })
      .strict()
      .prefault({}),
    identity: z
      .object({
        from: Address.prefault({ name: 'dax-review', address: 'dax-review@dax-review.invalid' }),
        domain: z.string().min(1).default('dax-review.invalid'),
        contact: z.string().min(1).default('the dax-review maintainers <maintainers@dax-review.invalid>'),
        /** Where our docs are published (the folder holding rules/ and docs/): every docs link is built on it. */
        docsBase: z.url().default(DEFAULT_DOCS_BASE),
      })
      .strict()
      .prefault({}),
    /**
     * Lists the bot follows: the address to Cc on replies to mail carrying that List-Id, and
     * whether a series with a cover letter gets one digest reply to the cover instead of one
     * reply per patch.
     */
    lists: z
      .array(
        z
          .object({
            id: z.string().min(1),
            address: z.email().optional(),
            /** @defaultValue false */
            digest: z.boolean().default(false),
            /** all: reply-all (To the author, Cc the mail's To and Cc and the list); list: the author and the list; author: the author only. */
            replyTo: z.enum(REPLY_TO).default('all'),
          })
          .strict(),
      )
      .default([]),
    // Limits are the service's own top-level section (below), not a rule setting per list.
    review: ProjectConfig.omit({ limits: true }).prefault({}),
    /** Resource limits on hostile input (src/limits/limits.ts), the same section as the checker's. */
    limits: Limits.prefault({}),
    /** Pull requests on GitHub (src/github/github-config.ts); secrets only from env or files. */
    github: GithubConfig.prefault({}),
  })
  .strict();
/** As parsed, with `review.limits` set from the top-level `limits` (the rule engine's copy). */
export type ServiceConfig = Omit<z.infer<typeof ServiceConfig>, 'review'> & { readonly review: ProjectConfig };

export interface LoadedServiceConfig {
  readonly config: ServiceConfig;
  /** The Redis address was chosen by the user (REDIS_URL or the file): never start a private one then. */
  readonly redisExplicit: boolean;
  /** GitHub's key, token and webhook secret: from the environment or files only, never printed. */
  readonly githubSecrets: GithubSecrets;
  readonly source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

async function readDoc(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [
      `cannot read the config file (DAX_REVIEW_CONFIG): ${err instanceof Error ? err.message : String(err)}`,
    ]);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(path, [`not valid YAML: ${err instanceof Error ? err.message : String(err)}`]);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(path, ['(top): expected a mapping']);
  return doc as Record<string, unknown>;
}

const section = (doc: Record<string, unknown>, key: string): Record<string, unknown> => {
  const v = doc[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
};

/** Reads, overrides and validates; every problem is listed at once, with its path. */
export async function loadServiceConfig(env: Env, knownRules: readonly string[]): Promise<LoadedServiceConfig> {
  const path = env.DAX_REVIEW_CONFIG;
  const source = path ?? '(defaults)';
  const doc = path === undefined || path === '' ? {} : await readDoc(path);
  const fileSetsRedis = typeof section(doc, 'redis').url === 'string';
  const set = (key: string, field: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') doc[key] = { ...section(doc, key), [field]: value };
  };
  const envProblems: string[] = [];
  const setNumber = (key: string, field: string, name: string, value: string | undefined): void => {
    if (value === undefined || value === '') return;
    if (!/^\d+$/.test(value.trim())) envProblems.push(`${name}: expected a whole number, got ${JSON.stringify(value)}`);
    else doc[key] = { ...section(doc, key), [field]: Number(value.trim()) };
  };
  set('redis', 'url', env.REDIS_URL);
  set('spool', 'dir', env.DAX_REVIEW_SPOOL_DIR);
  set('outbox', 'dir', env.DAX_REVIEW_OUTBOX_DIR);
  set('smtp', 'url', env.SMTP_URL);
  set('github', 'apiUrl', env.GITHUB_API_URL);
  set('identity', 'docsBase', env.DAX_REVIEW_DOCS_BASE);
  setNumber('github', 'appId', 'GITHUB_APP_ID', env.GITHUB_APP_ID);
  setNumber('github', 'port', 'PORT', env.PORT);
  const result = ServiceConfig.safeParse(doc);
  if (envProblems.length > 0) throw new ConfigError(source, envProblems);
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
    );
  }
  // Rule ids are checked against the catalog like the checker's config.
  const review = parseProjectConfig(result.data.review, `${source} (review)`, knownRules);
  return {
    config: Object.freeze({ ...result.data, review: { ...review, limits: result.data.limits } }),
    redisExplicit: fileSetsRedis || (env.REDIS_URL !== undefined && env.REDIS_URL !== ''),
    githubSecrets: await loadGithubSecrets(env, result.data.github),
    source,
  };
}
