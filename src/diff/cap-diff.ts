import type { DiffScan, ScannedFile } from './scan-diff.js';
import type { Limits } from '../limits/limits.js';

/**
 * The first `diffFiles` files and `diffLines` hunk lines of a scanned diff, cut before the diff
 * model is built (its cost is per line). What was left out is said in `warnings`, starting with
 * "partial:", so a report can tell a partial review from a whole one.
 */
export function capDiffScan(
  scan: DiffScan,
  limits: Pick<Limits, 'diffFiles' | 'diffLines'>,
  warnings: string[],
): DiffScan {
  const files: ScannedFile[] = [];
  let lines = 0;
  let total = 0;
  for (const f of scan.files) total += f.hunks.reduce((n, h) => n + h.body.length, 0);
  for (const f of scan.files.slice(0, limits.diffFiles)) {
    const hunks = [];
    for (const h of f.hunks) {
      if (lines + h.body.length > limits.diffLines) break;
      lines += h.body.length;
      hunks.push(h);
    }
    if (hunks.length === f.hunks.length) {
      files.push(f);
      continue;
    }
    // A file cut short keeps the hunks that fit; one with none left is not reviewed at all.
    if (hunks.length > 0) files.push({ ...f, hunks });
    break;
  }
  if (scan.files.length > limits.diffFiles) {
    warnings.push(
      `partial: the diff has ${scan.files.length} files; the first ${limits.diffFiles} reviewed (limits.diffFiles)`,
    );
  }
  if (total > limits.diffLines) {
    warnings.push(
      `partial: the diff has ${total} lines; the first ${lines} reviewed (limits.diffLines ${limits.diffLines})`,
    );
  }
  return files.length === scan.files.length && lines === total ? scan : { ...scan, files };
}
