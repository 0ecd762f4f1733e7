import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { explainRule } from '../src/cli/explain-command.js';
import { renderCatalog } from '../src/catalog/render-catalog.js';

/**
 * Everything a user reads about a rule must cite what they can open (a commit, a lore link, a page
 * of docs/): never the internal notes the rules were first written from.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const UNOPENABLE = /kb rows?\b|§|knowledge base|\bsection \d+/i;
const BASE = 'https://docs.example.org/dax-review/v1';

/** Relative link targets of a markdown page ([text](target), without #anchors), resolved from its folder. */
function localLinks(page: string): string[] {
  const text = readFileSync(page, 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'))
    .map((t) => normalize(join(dirname(page), t.replace(/#.*$/, ''))));
}

const unopenable = (text: string): string[] => text.split('\n').filter((l) => UNOPENABLE.test(l));

describe('rule documentation cites only what a user can open', () => {
  for (const rule of rules) {
    describe(rule.id, () => {
      const readme = join(ROOT, 'rules', rule.id, 'README.md');

      it('README, title, era, messages and citation titles name no internal notes', () => {
        const texts = [
          readFileSync(readme, 'utf8'),
          rule.meta.docs.title,
          rule.meta.docs.description,
          rule.meta.era,
          ...Object.values<string>(rule.meta.messages),
          ...rule.meta.citations.map((c) => c.title),
        ];
        expect(texts.flatMap(unopenable)).toEqual([]);
      });

      it('README links the docs pages the rule rests on, and every docs link resolves', () => {
        const links = localLinks(readme);
        for (const b of rule.meta.background) expect(links, `${rule.id} README links ${b}`).toContain(join(ROOT, b));
        for (const l of links)
          expect(existsSync(l), `${relative(ROOT, l)} (linked from ${relative(ROOT, readme)})`).toBe(true);
      });

      it('explain prints the page and its background as links under the configured base, and as files that exist', async () => {
        const out = await explainRule(rule, BASE);
        expect(unopenable(out)).toEqual([]);
        expect(out).toContain(`${BASE}/rules/${rule.id}/README.md`);
        for (const b of rule.meta.background) {
          expect(out).toContain(`${BASE}/${b}`);
          expect(out).toContain(join(ROOT, b));
          expect(existsSync(join(ROOT, b))).toBe(true);
        }
      });
    });
  }

  it('the catalog and the docs pages name no internal notes, and their local links resolve', () => {
    expect(unopenable(renderCatalog(rules))).toEqual([]);
    const pages = [
      join(ROOT, 'rules', 'README.md'),
      ...readdirSync(join(ROOT, 'docs', 'knowledge')).map((f) => join(ROOT, 'docs', 'knowledge', f)),
    ];
    for (const page of pages) {
      expect(unopenable(readFileSync(page, 'utf8')), relative(ROOT, page)).toEqual([]);
      for (const l of localLinks(page))
        expect(existsSync(l), `${relative(ROOT, l)} (linked from ${relative(ROOT, page)})`).toBe(true);
    }
  });
});
