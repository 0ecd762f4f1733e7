/**
 * The `github:` section of the service config: everything but secrets. Secrets (App private key,
 * token, webhook secret) come only from the environment or from files named here or there, and
 * are held in Secret values that never print (secrets.ts).
 *
 *     github:
 *       apiUrl: https://github.example.com/api/v3   # GitHub Enterprise; GITHUB_API_URL wins
 *       appId: 123456                                # GITHUB_APP_ID wins
 *       privateKeyPath: /run/secrets/dax-review.pem  # or GITHUB_PRIVATE_KEY(_PATH)
 *       port: 3000                                   # PORT wins
 *       repositories: { include: [qemu/*, rust-vmm/vfio], exclude: [qemu/qemu-web] }
 *       reviewComments: true
 *       conclusions: { error: failure, warning: neutral, info: success, none: success }
 *       command: rereview                            # `/dax-review rereview` in a PR comment
 */
import { z } from 'zod';
import { CHECK_CONCLUSIONS } from '../render/check-run.js';

export const CheckConclusion = z.enum(CHECK_CONCLUSIONS);

/** owner/repo, owner/* or *: which repositories the App reviews. */
const RepoPattern = z.string().regex(/^(\*|[A-Za-z0-9_.-]+\/(\*|[A-Za-z0-9_.-]+))$/, 'owner/repo, owner/* or *');

export const GithubConfig = z
  .object({
    /** REST base URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise. */
    apiUrl: z.url().default('https://api.github.com'),
    appId: z.number().int().positive().optional(),
    /** A file holding the App's PEM private key (GITHUB_PRIVATE_KEY / _PATH win). */
    privateKeyPath: z.string().min(1).optional(),
    /** A file holding the webhook secret (GITHUB_WEBHOOK_SECRET wins). */
    webhookSecretPath: z.string().min(1).optional(),
    /** HTTP port of the webhook server (`POST /webhooks/github`, `GET /healthz`). */
    port: z.number().int().min(0).max(65535).default(3000),
    /** Name of the check run on each head commit. */
    checkName: z.string().min(1).max(100).default('dax-review'),
    /** The word after `/dax-review` in a PR comment that asks for a re-review. */
    command: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .default('rereview'),
    /** One review comment per finding on its diff line, besides the check run. */
    reviewComments: z.boolean().default(true),
    /** Check-run conclusion by the worst severity found (Danger's mapping by default). */
    conclusions: z
      .object({
        error: CheckConclusion.default('failure'),
        warning: CheckConclusion.default('neutral'),
        info: CheckConclusion.default('success'),
        none: CheckConclusion.default('success'),
      })
      .strict()
      .prefault({}),
    repositories: z
      .object({
        include: z.array(RepoPattern).default(['*']),
        exclude: z.array(RepoPattern).default([]),
      })
      .strict()
      .prefault({}),
    /** Largest webhook body accepted (GitHub caps deliveries at 25 MB). */
    maxPayloadBytes: z
      .number()
      .int()
      .min(1024)
      .default(25 * 1024 * 1024),
  })
  .strict();
export type GithubConfig = z.infer<typeof GithubConfig>;

/** Is this repository reviewed? exclude wins over include. */
export function repositoryEnabled(config: Pick<GithubConfig, 'repositories'>, fullName: string): boolean {
  // GitHub names are case-insensitive.
  const name = fullName.toLowerCase();
  const owner = name.split('/')[0] ?? '';
  const matches = (pattern: string): boolean => {
    const p = pattern.toLowerCase();
    return p === '*' || p === name || p === `${owner}/*`;
  };
  return config.repositories.include.some(matches) && !config.repositories.exclude.some(matches);
}
