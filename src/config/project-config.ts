import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '../config-error.js';
import { parseKernelVersion, type KernelVersion } from '../era/kernel-version.js';
import { Limits } from '../limits/limits.js';
import type { Severity } from '../model/finding.js';

/** `off`, or a severity that replaces the rule's default. */
const RuleSetting = z.enum(['off', 'error', 'warning', 'info']);
export type RuleSetting = z.infer<typeof RuleSetting>;

const KernelTarget = z
  .string()
  .refine((s) => parseKernelVersion(s) !== null, { message: 'a kernel release such as v6.8' });

const Scope = z
  .object({
    /** Kernel tree to judge patches against; absent: decided per patch. */
    target: KernelTarget.optional(),
    rules: z.record(z.string(), RuleSetting).default({}),
  })
  .strict();

/**
 * The checker's project configuration (YAML). Top-level settings apply everywhere; an entry of
 * `lists` applies to mail whose List-Id (or, on GitHub, whose `owner/repo`) equals `match`,
 * and overrides the top level.
 *
 *     target: v6.12
 *     rules:
 *       writable-longterm-pin-file-backed: off
 *     lists:
 *       - match: qemu-devel.nongnu.org
 *         rules: { map-sync-silent-fallback: error }
 */
export const ProjectConfig = Scope.extend({
  lists: z.array(Scope.extend({ match: z.string().min(1) }).strict()).default([]),
  /** Resource limits on hostile input (src/limits/limits.ts), the same section as the service's. */
  limits: Limits.prefault({}),
}).strict();
export type ProjectConfig = z.infer<typeof ProjectConfig>;

export const EMPTY_CONFIG: ProjectConfig = ProjectConfig.parse({});

export { ConfigError };

/** Validates a parsed document; every problem is listed, with its path. */
export function parseProjectConfig(doc: unknown, source: string, knownRules: readonly string[]): ProjectConfig {
  const result = ProjectConfig.safeParse(doc ?? {});
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
    );
  }
  const unknown = [result.data.rules, ...result.data.lists.map((l) => l.rules)]
    .flatMap((r) => Object.keys(r))
    .filter((id) => !knownRules.includes(id));
  if (unknown.length > 0)
    throw new ConfigError(
      source,
      unknown.map((id) => `rules: no rule "${id}" (see \`dax-review rules\`)`),
    );
  return result.data;
}

export async function loadProjectConfig(path: string, knownRules: readonly string[]): Promise<ProjectConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [err instanceof Error ? err.message : String(err)]);
  }
  let doc: unknown;
  try {
    // yaml is loaded only when a configuration file is given: most checks have none.
    const { parse: parseYaml } = await import('yaml');
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(path, [`not valid YAML: ${err instanceof Error ? err.message : String(err)}`]);
  }
  return parseProjectConfig(doc, path, knownRules);
}

/** The settings in force for one list (or repository): the top level, overridden by its entry. */
export interface EffectiveSettings {
  readonly target: KernelVersion | null;
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

export function settingsFor(config: ProjectConfig, scope: string | null): EffectiveSettings {
  const entry = scope === null ? undefined : config.lists.find((l) => l.match.toLowerCase() === scope.toLowerCase());
  const target = entry?.target ?? config.target;
  return {
    target: target === undefined ? null : parseKernelVersion(target),
    rules: { ...config.rules, ...(entry?.rules ?? {}) },
  };
}

/** The severity a rule reports with under these settings; null when it is off. */
export function severityFor(settings: EffectiveSettings, ruleId: string, defaultSeverity: Severity): Severity | null {
  const s = settings.rules[ruleId];
  if (s === 'off') return null;
  return s ?? defaultSeverity;
}
