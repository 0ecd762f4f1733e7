import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { docsLink, ruleDocsPath } from '../engine/docs-link.js';
import type { Rule } from '../engine/rule.js';
import { packageRoot } from '../render/tool-info.js';

/**
 * `dax-review explain <rule>`: the rule's page, then where to read it and the pages it rests on,
 * as links under the docs base and as the files this package ships (its README's links are
 * relative, which a terminal cannot follow).
 */
export async function explainRule(rule: Rule, docsBase: string): Promise<string> {
  const root = packageRoot();
  const page = ruleDocsPath(rule.id);
  let text: string;
  try {
    text = await readFile(join(root, page), 'utf8');
  } catch (err) {
    throw new Error(
      `explain ${rule.id}: cannot read ${join(root, page)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const link = (path: string): string => `  ${docsLink(docsBase, path)}\n    (${join(root, path)})`;
  return [
    text.trimEnd(),
    '',
    '---',
    'This page:',
    link(page),
    'Background:',
    ...rule.meta.background.map(link),
    '',
  ].join('\n');
}
