/**
 * Rule-catalog integrity, after ESLint's checkRuleFiles and typescript-eslint's docs.test:
 * every rule folder is a complete, documented rule whose id and severity come from the
 * rule catalog (test/fixtures/rule-catalog.tsv, a snapshot of section 9 of the document the rules were
 * written from, ../shared/knowledge/dax-dma-rules.md, checked against it where that file exists).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import type { Rule } from '../src/engine/rule.js';
import { renderCatalog } from '../src/catalog/render-catalog.js';

const rulesDir = new URL('../rules/', import.meta.url);
/** `slug<TAB>severity` rows of the committed catalog snapshot (test/fixtures/rule-catalog.tsv). */
const catalog = new Map(
  readFileSync(new URL('fixtures/rule-catalog.tsv', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .slice(1)
    .map((l): [string, string] => {
      const [slug = '', severity = ''] = l.split('\t');
      return [slug, severity];
    }),
);
/** The document the catalog comes from, beside the checkout on our machines and CI (not in a user's clone). */
const SOURCE = new URL('../../shared/knowledge/dax-dma-rules.md', import.meta.url);
const folders = readdirSync(rulesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const REQUIRED_HEADINGS = [
  '## Rule Details',
  '## Rationale',
  '## Examples',
  '## When Not To Use It',
  '## Known Limitations',
];

describe('rule catalog', () => {
  it('the catalog lists the fourteen slugs', () => {
    expect(catalog.size).toBe(14);
  });

  it.runIf(existsSync(SOURCE))("the snapshot is the source document's section 9, slug and severity", () => {
    const source = readFileSync(SOURCE, 'utf8');
    /** `### 9.1 \`slug\` (error)` → slug → severity as our model names it. */
    const listed = [...source.matchAll(/^### 9\.\d+ `([a-z0-9-]+)` \((error|warning|note)\b/gm)].map((m) => [
      m[1]!,
      m[2] === 'note' ? 'info' : m[2]!,
    ]);
    expect(listed).toEqual([...catalog]);
  });

  it('rules/index.ts lists every rule folder, sorted by id, once', () => {
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...folders].sort());
  });

  it('rules/README.md is the generated catalog table (npm run catalog)', () => {
    expect(readFileSync(new URL('README.md', rulesDir), 'utf8')).toBe(renderCatalog(rules));
  });

  it('implements every rule of the catalog', () => {
    expect(rules.map((r) => r.id)).toEqual([...catalog.keys()].sort());
  });

  describe.each(rules.map((r): [string, Rule] => [r.id, r]))('%s', (id, rule) => {
    const dir = new URL(`${id}/`, rulesDir);

    it('has a slug and a severity from the knowledge base', () => {
      expect(catalog.has(id)).toBe(true);
      expect(rule.meta.defaultSeverity).toBe(catalog.get(id));
    });

    it('has a README with the required headings in order', () => {
      const readme = readFileSync(new URL('README.md', dir), 'utf8');
      expect(readme.startsWith(`# ${id}\n`)).toBe(true);
      const positions = REQUIRED_HEADINGS.map((h) => readme.indexOf(`\n${h}\n`));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });

    it('has valid and invalid fixtures and a test file', () => {
      for (const kind of ['valid', 'invalid']) {
        const fx = new URL(`fixtures/${kind}/`, dir);
        expect(existsSync(fx)).toBe(true);
        expect(readdirSync(fx).filter((f) => /\.(eml|patch|mbox)$/.test(f)).length).toBeGreaterThanOrEqual(2);
      }
      expect(existsSync(new URL('rule.test.ts', dir))).toBe(true);
    });

    it('supersedes only rules that exist, never itself', () => {
      for (const other of rule.meta.supersedes ?? []) {
        expect(catalog.has(other), other).toBe(true);
        expect(other).not.toBe(id);
      }
    });

    it('cites with URLs and describes itself in the house style', () => {
      expect(rule.meta.citations.length).toBeGreaterThan(0);
      for (const c of rule.meta.citations) expect(c.url).toMatch(/^https:\/\//);
      expect(rule.meta.docs.description).toMatch(/^(Require|Disallow|Enforce|Flag) .+[^.]$/);
      expect(rule.docsUrl).toContain(`/rules/${id}/README.md`);
    });

    it('exercises every messageId in its tests', () => {
      const test = readFileSync(new URL('rule.test.ts', dir), 'utf8');
      const expected = readdirSync(new URL('fixtures/invalid/', dir))
        .filter((f) => f.endsWith('.expected.json'))
        .map((f) => readFileSync(new URL(`fixtures/invalid/${f}`, dir), 'utf8'))
        .join('\n');
      for (const messageId of Object.keys(rule.meta.messages)) {
        expect(test.includes(`'${messageId}'`) || expected.includes(`"${messageId}"`), `${messageId} untested`).toBe(
          true,
        );
      }
    });
  });
});
