/**
 * The 203 real nvdimm patches that touch the code the catalog is about
 * (test/fixtures/corpus/relevant/), each with the rules a reviewer would expect from the whole
 * catalog, judged by hand and committed with a one-line reason in
 * test/expectations/relevant.tsv (file, expected rules or '-', reason).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { checkInputs } from '../src/check/check-inputs.js';

const dir = fileURLToPath(new URL('./fixtures/corpus/relevant/', import.meta.url));
const expectations = readFileSync(new URL('expectations/relevant.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .map(([file, expected, reason]) => ({
    file: file ?? '',
    expected: expected === '-' || !expected ? [] : expected.split(',').sort(),
    reason: reason ?? '',
  }));

describe('relevant/: judged expectations', () => {
  it('judges every one of the 203 patches, each with a reason', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
    expect(files).toHaveLength(203);
    expect(expectations.map((e) => e.file).sort()).toEqual(files);
    for (const e of expectations) expect(e.reason.length, e.file).toBeGreaterThan(10);
  });

  it('the catalog gives exactly the judged rules on each', async () => {
    const report = await checkInputs(
      expectations.map((e) => dir + e.file),
      { rules, workers: 0 },
    );
    expect(report.crashes).toEqual([]);
    expect(report.unparsed).toEqual([]);
    const fired = new Map<string, Set<string>>();
    for (const f of report.findings) {
      const file = f.source.slice(dir.length);
      fired.set(file, (fired.get(file) ?? new Set()).add(f.rule));
    }
    const mismatches = expectations
      .map((e) => ({ file: e.file, expected: e.expected, got: [...(fired.get(e.file) ?? [])].sort() }))
      .filter((m) => m.expected.join() !== m.got.join());
    expect(mismatches).toEqual([]);
  }, 120_000);
});
