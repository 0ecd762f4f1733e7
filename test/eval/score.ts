/**
 * Scores the checker against an evaluation split: every case is checked on its own with the whole
 * catalog (in-process, as `check` does), and a finding counts by rule id per case file.
 */
import { fileURLToPath } from 'node:url';
import { rules } from '../../rules/index.js';
import { checkInputs } from '../../src/check/check-inputs.js';
import { casesDir, readLabels, type LabelRow } from './eval-files.js';
import type { Split } from './split.js';

export interface RuleCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface CaseResult {
  readonly file: string;
  readonly expected: readonly string[];
  readonly fired: readonly string[];
  readonly why: string;
  /** A near-miss variant written here (derived-*.patch), not real code. */
  readonly derived: boolean;
  /** Rule crashes and unparsed inputs: the case is scored as silence for the rules that crashed. */
  readonly problems: readonly string[];
}

export interface SplitScore {
  readonly split: Split;
  readonly cases: readonly CaseResult[];
  /** Per rule id, every rule of the catalog listed (zeros included). */
  readonly perRule: Readonly<Record<string, RuleCounts>>;
  readonly total: RuleCounts;
}

export const precision = (c: RuleCounts): number | null => (c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp));
export const recall = (c: RuleCounts): number | null => (c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn));

async function checkCase(split: Split, { file, expected, why }: LabelRow): Promise<CaseResult> {
  const report = await checkInputs([fileURLToPath(new URL(file, casesDir(split)))], { rules, workers: 0 });
  const problems = [
    ...report.unparsed.map((u) => `unparsed: ${JSON.stringify(u)}`),
    ...report.crashes.map((c) => `crash: ${JSON.stringify(c)}`),
  ];
  const fired = [...new Set(report.findings.map((f) => f.rule))].sort();
  return { file, expected, fired, why, derived: file.startsWith('derived-'), problems };
}

export async function scoreSplit(split: Split): Promise<SplitScore> {
  const cases: CaseResult[] = [];
  for (const label of readLabels(split)) cases.push(await checkCase(split, label));
  return { split, cases, ...countByRule(cases) };
}

/** TP/FP/FN per rule id over the given cases (every catalog rule listed, zeros included). */
export function countByRule(cases: readonly CaseResult[]): Pick<SplitScore, 'perRule' | 'total'> {
  const perRule: Record<string, RuleCounts> = Object.fromEntries(rules.map((r) => [r.id, { tp: 0, fp: 0, fn: 0 }]));
  const total: RuleCounts = { tp: 0, fp: 0, fn: 0 };
  for (const c of cases) {
    for (const id of new Set([...c.expected, ...c.fired])) {
      const counts = (perRule[id] ??= { tp: 0, fp: 0, fn: 0 });
      const key = c.expected.includes(id) ? (c.fired.includes(id) ? 'tp' : 'fn') : 'fp';
      counts[key]++;
      total[key]++;
    }
  }
  return { perRule, total };
}

export const mismatches = (score: SplitScore): CaseResult[] =>
  score.cases.filter((c) => c.problems.length > 0 || c.expected.join() !== c.fired.join());
