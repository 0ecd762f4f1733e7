import type { Rule } from '../engine/rule.js';
import { runRules, type RuleCrash } from '../engine/run-rules.js';
import { readInputs } from '../input/read-inputs.js';
import type { Finding } from '../model/finding.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import { assembleSeries } from '../series/assemble.js';
import { parseAll } from './parse-pool.js';
import { isParsed, type ParseOutcome, type ParsedItem, type UnparsedItem } from './parsed-item.js';
import { rulesFor, triggerUnion } from './select-rules.js';

export interface CheckOptions {
  readonly rules: readonly Rule[];
  /** Worker threads for parsing (0: parse on this thread). */
  readonly workers: number;
  /** Bytes of input read so far, for a progress bar. */
  readonly onBytes?: (bytes: number) => void;
  readonly onResult?: (outcome: ParseOutcome) => void;
}

export interface StageTimings {
  /** Reading, decompressing, splitting and parsing (overlapped). */
  readonly parseMs: number;
  readonly assembleMs: number;
  readonly rulesMs: number;
}

export interface CheckReport {
  readonly messages: number;
  /** Messages that carry a diff of their own. */
  readonly patches: number;
  readonly unparsed: readonly UnparsedItem[];
  readonly series: readonly Series[];
  readonly findings: readonly Finding[];
  readonly crashes: readonly RuleCrash[];
  readonly timings: StageTimings;
}

/** Which messages get reviewed: patches and cover letters, and any mail carrying a diff. */
function isReviewable(item: ParsedItem): boolean {
  const s = item.mail.subject;
  return item.hasDiff || (s.isPatch && !s.isReply);
}

/** The offline check: inputs → parsed mails → series → rules → findings, in input order. */
export async function checkInputs(paths: readonly string[], options: CheckOptions): Promise<CheckReport> {
  const t0 = performance.now();
  const outcomes = await parseAll(readInputs(paths, options.onBytes ? { onBytes: options.onBytes } : {}), {
    workers: options.workers,
    triggers: triggerUnion(options.rules),
    ...(options.onResult ? { onResult: options.onResult } : {}),
  });
  const parsed = outcomes.filter(isParsed);
  const unparsed = outcomes.filter((o): o is UnparsedItem => !isParsed(o));

  const t1 = performance.now();
  const { series } = assembleSeries(parsed.map((p) => p.mail));
  const seriesOf = new Map<PatchMail, Series>();
  for (const s of series) {
    if (s.cover) seriesOf.set(s.cover, s);
    for (const p of s.patches) seriesOf.set(p, s);
  }

  const t2 = performance.now();
  const findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  for (const item of parsed) {
    if (!item.full || !isReviewable(item)) continue;
    const active = rulesFor(options.rules, item.mail);
    if (active.length === 0) continue;
    const result = runRules(active, { patch: item.mail, series: seriesOf.get(item.mail) ?? null });
    findings.push(...result.findings);
    crashes.push(...result.crashes);
  }
  const t3 = performance.now();

  return {
    messages: outcomes.length,
    patches: parsed.filter((p) => p.hasDiff).length,
    unparsed,
    series,
    findings,
    crashes,
    timings: { parseMs: t1 - t0, assembleMs: t2 - t1, rulesMs: t3 - t2 },
  };
}
