/**
 * Real webhook payloads: the community-contributed examples of @octokit/webhooks-examples,
 * handed out as copies so a test may point them at its own repository, PR and commit.
 */
import { createRequire } from 'node:module';

export type Payload = Record<string, unknown> & { action?: string; installation?: unknown };

const groups = createRequire(import.meta.url)('@octokit/webhooks-examples') as { name: string; examples: Payload[] }[];

/**
 * A copy of the `which`-th example of this event and action (action undefined: events without
 * one, such as ping); `withInstallation` keeps only deliveries made to a GitHub App.
 */
export function example(
  name: string,
  action: string | undefined,
  which = 0,
  options: { withInstallation?: boolean } = {},
): Payload {
  const found = groups
    .find((g) => g.name === name)
    ?.examples.filter(
      (e) => e.action === action && (options.withInstallation !== true || e.installation !== undefined),
    )[which];
  if (found === undefined) throw new Error(`no webhook example ${name}.${String(action)}[${String(which)}]`);
  return structuredClone(found);
}

/** Sets a value at a dotted path of a payload copy (payloads are plain JSON). */
export function setPath(payload: Payload, path: string, value: unknown): Payload {
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node = payload as Record<string, unknown>;
  for (const k of keys) node = node[k] as Record<string, unknown>;
  node[last] = value;
  return payload;
}
