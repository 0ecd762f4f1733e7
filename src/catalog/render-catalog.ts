import type { Rule } from '../engine/rule.js';

/** rules/README.md: the catalog table, generated from the rules' metadata (kept in sync by a test). */
export function renderCatalog(rules: readonly Rule[]): string {
  const rows = rules.map((r) => `| [\`${r.id}\`](${r.id}/README.md) | ${r.meta.defaultSeverity} | ${r.meta.confidence} | ${r.meta.docs.title.replace(/\|/g, '\\|')} | ${r.meta.era.replace(/\|/g, '\\|')} |`);
  return [
    '# Rule catalog',
    '',
    'Generated from each rule\'s metadata by `npm run catalog`; `test/catalog.test.ts` fails when it is stale.',
    'Rule ids are the slugs of the knowledge base\'s section 9. `npx dax-review explain <id>` prints a rule\'s page.',
    '',
    '| rule | severity | confidence | what it flags | era |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
