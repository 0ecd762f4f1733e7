/**
 * The real mails the knowledge base cites (test/fixtures/corpus/kb-mails, section 10), each checked
 * with the whole catalog through the checker pipeline: exactly the rules index.tsv expects.
 * Rows with no archived copy (file '-') cannot be run and are listed in the README instead.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { checkInputs } from '../src/check/check-inputs.js';

const dir = new URL('./fixtures/corpus/kb-mails/', import.meta.url);
const rows = readFileSync(new URL('index.tsv', dir), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map(([row, file, messageId, subject, , , expected, note]) => ({
    row: Number(row),
    file: file ?? '-',
    messageId,
    subject,
    expected: expected ?? '',
    note: note ?? '',
  }))
  .filter((r) => r.file !== '-');

describe("kb-mails: the knowledge base's own examples", () => {
  it('has the 28 collected mails', () => {
    expect(rows).toHaveLength(28);
  });

  it.each(rows.map((r) => [`row ${r.row}: ${r.file}`, r] as const))('%s', async (_name, r) => {
    const report = await checkInputs([fileURLToPath(new URL(r.file, dir))], { rules, workers: 0 });
    expect(report.unparsed).toEqual([]);
    expect(report.crashes).toEqual([]);
    const fired = [...new Set(report.findings.map((f) => f.rule))].sort();
    const expected =
      r.expected === 'nothing'
        ? []
        : r.expected
            .split(/[,\s]+/)
            .filter(Boolean)
            .sort();
    expect(fired, r.note).toEqual(expected);
  });
});
