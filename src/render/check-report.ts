/**
 * What the offline check (src/check/check-inputs.ts) hands to the renderers (text, JSON, SARIF).
 * It lives with the renderers so they need not know the checker that builds it.
 */
import type { RuleCrash } from '../engine/run-rules.js';
import type { Finding } from '../model/finding.js';
import type { Series } from '../model/series.js';

export interface CheckReport {
  readonly messages: number;
  /** Messages that carry a diff of their own. */
  readonly patches: number;
  readonly unparsed: readonly UnparsedItem[];
  /** Mails reviewed only in part (past limits.diffFiles / diffLines) or not at all (limits.seriesPatches / reviewMs), with why. */
  readonly partial: readonly PartialItem[];
  readonly series: readonly Series[];
  readonly findings: readonly Finding[];
  readonly crashes: readonly RuleCrash[];
  readonly timings: StageTimings;
}

/** A message that could not be parsed: kept with the reason, never silently dropped. */
export interface UnparsedItem {
  readonly seq: number;
  readonly source: string;
  readonly reason: string;
}

export interface PartialItem {
  readonly source: string;
  readonly reason: string;
}

export interface StageTimings {
  /** Reading, decompressing, splitting and parsing (overlapped). */
  readonly parseMs: number;
  readonly assembleMs: number;
  readonly rulesMs: number;
}
