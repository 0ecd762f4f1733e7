/**
 * Runs the whole catalog over test/fixtures/corpus/relevant/*.eml (203 real nvdimm patches) and
 * prints one line per finding (file, rule, location, excerpt): the input for judging
 * test/expectations/relevant.tsv by hand. Usage: npx tsx test/tools/scan-relevant.ts
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../../src/check/check-inputs.js';

const dir = fileURLToPath(new URL('../fixtures/corpus/relevant/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.eml'))
  .sort();
const report = await checkInputs(
  files.map((f) => dir + f),
  { rules, workers: 0 },
);
for (const f of report.findings) {
  console.log(
    [
      f.source.replace(dir, ''),
      f.rule,
      `${f.file ?? '(message)'}:${f.line ?? ''}`,
      (f.excerpt ?? '').replace(/\s+/g, ' ').slice(0, 160),
    ].join('\t'),
  );
}
console.log(`# ${report.findings.length} findings over ${files.length} files; crashes ${report.crashes.length}`);
