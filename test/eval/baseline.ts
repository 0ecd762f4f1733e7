/** The dev split's recorded figures (dev-baseline.json), which test/eval/eval-dev.test.ts holds the checker to. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RuleCounts, SplitScore } from './score.js';

export interface Baseline {
  readonly measured: { readonly commit: string; readonly date: string; readonly command: string };
  readonly cases: number;
  readonly perRule: Readonly<Record<string, RuleCounts>>;
  readonly total: RuleCounts;
}

const baselineUrl = new URL('./dev-baseline.json', import.meta.url);

export const readBaseline = (): Baseline => JSON.parse(readFileSync(baselineUrl, 'utf8')) as Baseline;

export function writeBaseline(score: SplitScore, commit: string): void {
  const baseline: Baseline = {
    measured: {
      commit,
      date: new Date().toISOString().slice(0, 10),
      command: 'npm run eval -- --split dev --write-baseline',
    },
    cases: score.cases.length,
    perRule: score.perRule,
    total: score.total,
  };
  writeFileSync(baselineUrl, `${JSON.stringify(baseline, null, 2)}\n`);
}
