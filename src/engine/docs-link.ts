import type { Rule } from './rule.js';

/**
 * Where our documentation is published: the folder that holds `rules/` and `docs/` as this
 * package ships them. Operators point it at their own published copy (`identity.docsBase` in the
 * service config, `--docs-base` or DAX_REVIEW_DOCS_BASE for the checker); every link to our docs
 * that a report, reply or check run writes is built from it, here.
 */
export const DEFAULT_DOCS_BASE = 'https://github.com/dax-review/dax-review/blob/main';

/** A page of our docs (a path relative to the package root, such as docs/knowledge/map-sync.md) under a base. */
export function docsLink(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** A rule's own page, relative to the package root. */
export const ruleDocsPath = (id: string): string => `rules/${id}/README.md`;

/** The rule catalog page, relative to the package root. */
export const CATALOG_PATH = 'rules/README.md';

/** The rules with their docs URL under another base (the rules themselves are shared, so copies). */
export function withDocsBase<R extends Rule>(rules: readonly R[], base: string): R[] {
  return rules.map((r) => ({ ...r, docsUrl: docsLink(base, ruleDocsPath(r.id)) }));
}
