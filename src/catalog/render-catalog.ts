import type { Rule } from '../engine/rule.js';

/** rules/README.md: the catalog table, generated from the rules' metadata (kept in sync by a test). */
export function renderCatalog(rules: readonly Rule[]): string {
  const rows = rules.map(
    (r) =>
      `| [\`${r.id}\`](${r.id}/README.md) | ${r.meta.defaultSeverity} | ${r.meta.confidence} | ${r.meta.docs.title.replace(/\|/g, '\\|')} | ${r.meta.era.replace(/\|/g, '\\|')} |`,
  );
  return [
    '# Rule catalog',
    '',
    "Generated from each rule's metadata by `npm run catalog`; `test/catalog.test.ts` fails when it is stale.",
    "`npx dax-review explain <id>` prints a rule's page and the links it rests on. The background, in our own words with",
    'the commits, list threads and kernel documentation behind each rule, is in [docs/knowledge](../docs/knowledge/README.md).',
    '',
    '| rule | severity | confidence | what it flags | era |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
