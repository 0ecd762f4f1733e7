/**
 * Start-up cost of the built CLI (issue 12): the median wall time of N runs each of `node -e 0`
 * (the floor), `dax-review --version` and `dax-review check` of one patch. Run alone with
 * `BENCH_ONLY=startup npm run bench`; `BENCH_STARTUP_RUNS` sets N (default 15).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface StartupRow {
  readonly name: string;
  readonly medianMs: number;
  readonly minMs: number;
}

function timeRuns(args: readonly string[], runs: number): { medianMs: number; minMs: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status === null || r.status > 1)
      throw new Error(`bench startup: node ${args.join(' ')} exited ${r.status ?? r.signal}`);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: ms[Math.floor(ms.length / 2)] ?? NaN, minMs: ms[0] ?? NaN };
}

export function startupTable(repoRoot: URL): string {
  const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
  const bin = fileURLToPath(new URL('bin/dax-review.js', repoRoot));
  const patch = fileURLToPath(
    new URL('test/fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml', repoRoot),
  );
  const rows: StartupRow[] = [
    { name: '`node -e 0` (the floor)', ...timeRuns(['-e', '0'], runs) },
    { name: '`dax-review --version`', ...timeRuns([bin, '--version'], runs) },
    {
      name: 'check of one patch (startup): `dax-review check kb-mails/09-…eml`',
      ...timeRuns([bin, 'check', patch], runs),
    },
  ];
  return [
    `CLI start-up, ${runs} runs each (wall time of the whole process):\n`,
    '| run | median (ms) | min (ms) |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} |`),
  ].join('\n');
}
