import type { Rule } from '../engine/rule.js';
import { EMPTY_CONFIG, type ProjectConfig } from '../config/project-config.js';
import type { KernelVersion } from '../era/kernel-version.js';
import { readInputs } from '../input/read-inputs.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import { assembleSeries } from '../series/assemble.js';
import { parseAll } from './parse-pool.js';
import { isParsed, type ParseOutcome } from './parsed-item.js';
import type { CheckReport, UnparsedItem } from '../render/check-report.js';
import { triggerUnion } from '../pipeline/prefilter.js';
import { partialReasons, reviewPatches } from '../pipeline/review-patches.js';

/** The report is the renderers' input (src/render/check-report.ts); the CLI takes it from here. */
export type { CheckReport };

export interface CheckOptions {
  readonly rules: readonly Rule[];
  /** Worker threads for parsing (0: parse on this thread). */
  readonly workers: number;
  /** Bytes of input read so far, for a progress bar. */
  readonly onBytes?: (bytes: number) => void;
  readonly onResult?: (outcome: ParseOutcome) => void;
  /** Rule settings per list; absent: every rule at its default severity. */
  readonly config?: ProjectConfig;
  /** Kernel tree to judge every patch against (`--target`); overrides the configuration. */
  readonly target?: KernelVersion | null;
}

/** The offline check: inputs → parsed mails → series → the review (src/pipeline) → findings, in input order. */
export async function checkInputs(paths: readonly string[], options: CheckOptions): Promise<CheckReport> {
  const t0 = performance.now();
  const outcomes = await parseAll(
    readInputs(paths, { listUnreadable: true, ...(options.onBytes ? { onBytes: options.onBytes } : {}) }),
    {
      workers: options.workers,
      triggers: triggerUnion(options.rules),
      limits: (options.config ?? EMPTY_CONFIG).limits,
      ...(options.onResult ? { onResult: options.onResult } : {}),
    },
  );
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
  // Mails no rule can fire on were slimmed at parse time: only the whole ones are reviewed.
  const review = reviewPatches(
    parsed.filter((p) => p.full).map((p) => p.mail),
    (mail) => seriesOf.get(mail) ?? null,
    {
      rules: options.rules,
      config: options.config ?? EMPTY_CONFIG,
      ...(options.target === undefined ? {} : { target: options.target }),
    },
  );
  const t3 = performance.now();

  return {
    messages: outcomes.length,
    patches: parsed.filter((p) => p.hasDiff).length,
    unparsed,
    partial: [
      ...parsed.flatMap((p) => partialReasons(p.mail).map((reason) => ({ source: p.source, reason }))),
      ...review.unreviewed.map(({ source, reason }) => ({ source, reason })),
    ],
    series,
    findings: review.findings,
    crashes: review.crashes,
    timings: { parseMs: t1 - t0, assembleMs: t2 - t1, rulesMs: t3 - t2 },
  };
}
