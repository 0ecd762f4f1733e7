import { DEFAULT_DOCS_BASE, docsLink, ruleDocsPath } from './docs-link.js';
import type { Rule, RuleContext, RuleMeta } from './rule.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DESCRIPTION = /^(Require|Disallow|Enforce|Flag) .+[^.]$/;
const BACKGROUND = /^docs\/knowledge\/[a-z0-9-]+\.md$/;

export interface RuleDefinition<MessageIds extends string> {
  readonly id: string;
  readonly meta: RuleMeta<MessageIds>;
  check(ctx: RuleContext<MessageIds>): void;
}

/**
 * Build a rule, typescript-eslint RuleCreator style: checks the metadata once at load time
 * (so a malformed rule fails on import, not in production) and fills in the docs URL.
 */
export function defineRule<MessageIds extends string>(def: RuleDefinition<MessageIds>): Rule<MessageIds> {
  const problems: string[] = [];
  if (!SLUG.test(def.id)) problems.push(`id "${def.id}" is not a kebab-case slug`);
  if (!DESCRIPTION.test(def.meta.docs.description)) {
    problems.push(`docs.description must match ${String(DESCRIPTION)}`);
  }
  if (def.meta.citations.length === 0) problems.push('at least one citation is required');
  for (const c of def.meta.citations) {
    if (!/^https?:\/\//.test(c.url)) problems.push(`citation "${c.title}" has no URL`);
  }
  if (def.meta.background.length === 0) problems.push('at least one background page (docs/knowledge/*.md) is required');
  for (const b of def.meta.background) {
    if (!BACKGROUND.test(b)) problems.push(`background "${b}" is not a docs/knowledge/<page>.md path`);
  }
  if (Object.keys(def.meta.messages).length === 0) problems.push('meta.messages is empty');
  if (problems.length > 0) throw new Error(`Invalid rule ${def.id}: ${problems.join('; ')}`);
  // Under the default base; a configured one is applied to the rule set (withDocsBase).
  return { ...def, docsUrl: docsLink(DEFAULT_DOCS_BASE, ruleDocsPath(def.id)) };
}
