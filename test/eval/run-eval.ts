/**
 * `npm run eval [-- --split dev|test|all]`: precision and recall of the catalog on the evaluation
 * sets, per split and per rule. Only the dev split's mismatches are listed; the test split is for
 * reporting (counts only), so the rules are not tuned to its cases.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { writeBaseline } from './baseline.js';
import { casesPresent, readSources } from './eval-files.js';
import { countByRule, mismatches, precision, recall, scoreSplit, type RuleCounts, type SplitScore } from './score.js';
import { SPLITS, splitOf, type Split } from './split.js';

const fmt = (x: number | null): string => (x === null ? '   -' : x.toFixed(2));
const line = (name: string, c: RuleCounts): string =>
  `| ${name} | ${c.tp} | ${c.fp} | ${c.fn} | ${fmt(precision(c))} | ${fmt(recall(c))} |`;

function render(score: SplitScore): string {
  const out = [
    `### ${score.split} (${score.cases.length} cases)`,
    '',
    '| rule | TP | FP | FN | precision | recall |',
    '|---|---|---|---|---|---|',
  ];
  for (const [id, c] of Object.entries(score.perRule).sort(([a], [b]) => a.localeCompare(b)))
    out.push(line(`\`${id}\``, c));
  out.push(line('**all rules**', score.total));
  const real = score.cases.filter((c) => !c.derived);
  out.push(line(`**real cases only** (${real.length})`, countByRule(real).total), '');
  const wrong = mismatches(score);
  const crashed = score.cases.filter((c) => c.problems.length > 0);
  if (score.split === 'dev') {
    out.push(`Mismatches (${wrong.length}):`, '');
    for (const c of wrong) {
      out.push(
        `* ${c.file}: expected ${c.expected.join(', ') || '-'}, fired ${c.fired.join(', ') || '-'}`,
        `  * label: ${c.why.slice(0, 240)}`,
      );
      for (const p of c.problems) out.push(`  * ${p.slice(0, 300)}`);
    }
  } else {
    out.push(
      `Mismatching cases: ${wrong.length}; cases with rule crashes or unparsed input: ${crashed.length} (not listed: test split).`,
    );
  }
  return out.join('\n');
}

const { values } = parseArgs({
  options: { split: { type: 'string', default: 'all' }, 'write-baseline': { type: 'boolean', default: false } },
});
const wanted: readonly Split[] = values.split === 'all' ? SPLITS : SPLITS.filter((s) => s === values.split);
if (wanted.length === 0) throw new Error(`--split must be dev, test or all, not ${values.split}`);
for (const split of wanted) {
  if (!casesPresent(split)) {
    console.error(
      `${split}: case files missing; run npm run eval:cases first (needs the git mirrors named in ${split}/sources.tsv)`,
    );
    process.exitCode = 1;
    continue;
  }
  const misplaced = readSources(split).filter((r) => splitOf(r.source) !== split);
  if (misplaced.length > 0)
    throw new Error(
      `${split}: cases whose source hashes to the other split: ${misplaced.map((r) => r.file).join(', ')}`,
    );
  const score = await scoreSplit(split);
  console.log(render(score), '\n');
  if (split === 'dev' && values['write-baseline']) {
    writeBaseline(score, execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim());
    console.log('dev baseline written to test/eval/dev-baseline.json');
  }
}
