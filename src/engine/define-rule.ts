import type { Rule, RuleContext, RuleMeta } from './rule.js';

/** Where rule documentation lives; each rule's page is rules/<id>/README.md. */
export const RULE_DOCS_BASE = 'https://github.com/dax-review/dax-review/blob/main/rules';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DESCRIPTION = /^(Require|Disallow|Enforce|Flag) .+[^.]$/;

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
  if (Object.keys(def.meta.messages).length === 0) problems.push('meta.messages is empty');
  if (problems.length > 0) throw new Error(`Invalid rule ${def.id}: ${problems.join('; ')}`);
  return { ...def, docsUrl: `${RULE_DOCS_BASE}/${def.id}/README.md` };
}
