import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import type { Rule } from '../engine/rule.js';
import { checkInputs, type CheckReport } from '../check/check-inputs.js';
import { failsChecks, severityRank, type Severity } from '../model/finding.js';
import { renderJson } from '../render/json.js';
import { renderSarif } from '../render/sarif.js';
import { renderText } from '../render/text.js';
import { openOutput } from './output-file.js';
import { createProgress } from './progress.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { KernelVersion } from '../era/kernel-version.js';

export type Format = 'text' | 'json' | 'sarif';
export type FailOn = Severity | 'none';

export interface CheckCommandOptions {
  readonly format: Format;
  readonly failOn: FailOn;
  /** Worker threads; undefined picks by input size. */
  readonly jobs: number | undefined;
  readonly output: string | undefined;
  readonly progress: boolean;
  readonly config?: ProjectConfig;
  readonly target?: KernelVersion | null;
  /** Where our docs are published: the SARIF tool's home (the rules passed in carry their own links). */
  readonly docsBase?: string;
}

/** Inputs smaller than this are parsed on the main thread: starting workers would cost more. */
const WORKER_THRESHOLD_BYTES = 8 << 20;

async function totalSize(paths: readonly string[]): Promise<number> {
  let sum = 0;
  for (const p of paths) {
    if (p === '-') continue;
    const s = await stat(p).catch(() => null);
    if (s?.isFile()) sum += s.size;
    else if (s?.isDirectory()) sum += WORKER_THRESHOLD_BYTES; // unknown: assume large
  }
  return sum;
}

/** Runs `dax-review check`; returns the exit code (0 clean, 1 findings at/above --fail-on). */
export async function runCheck(
  paths: readonly string[],
  rules: readonly Rule[],
  opts: CheckCommandOptions,
): Promise<number> {
  const output = opts.output === undefined ? null : await openOutput(opts.output);
  try {
    const report = await check(paths, rules, opts);
    const out =
      opts.format === 'json'
        ? renderJson(report)
        : opts.format === 'sarif'
          ? renderSarif(report, rules, opts.docsBase)
          : renderText(report);
    if (output) await output.write(out);
    else process.stdout.write(out);
    return exitCode(report, opts.failOn);
  } finally {
    await output?.close();
  }
}

async function check(
  paths: readonly string[],
  rules: readonly Rule[],
  opts: CheckCommandOptions,
): Promise<CheckReport> {
  const size = await totalSize(paths);
  const workers = opts.jobs ?? (size >= WORKER_THRESHOLD_BYTES ? Math.max(1, availableParallelism()) : 0);
  const progress = opts.progress && process.stderr.isTTY && size > 0 ? createProgress(size) : null;
  try {
    return await checkInputs(paths, {
      rules,
      workers,
      ...(opts.config ? { config: opts.config } : {}),
      target: opts.target ?? null,
      ...(progress ? { onBytes: progress.update } : {}),
    });
  } finally {
    progress?.stop();
  }
}

export function exitCode(report: CheckReport, failOn: FailOn): number {
  if (failOn === 'none') return 0;
  const threshold = severityRank[failOn];
  return report.findings.some((f) => failsChecks(f) && severityRank[f.severity] >= threshold) ? 1 : 0;
}
