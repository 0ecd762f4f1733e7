/**
 * `npm run bench`: the offline checker over the whole nvdimm archive against mailparser alone,
 * each in its own process so that peak RSS is its own. Prints a Markdown table for BENCHMARKS.md.
 * Targets (issue 2): checker rate ≥ 60% of mailparser-alone, peak RSS < 400 MB;
 * (issue 3) the rule stage ≤ 20% of the checker's time.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const archive = process.env.BENCH_ARCHIVE ?? fileURLToPath(new URL('../../../../shared/corpus/nvdimm.mbox.gz', import.meta.url));
const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));

interface ChildResult { messages: number; seconds: number; maxRssMb: number; [k: string]: number }

function runChild(script: string, args: string[]): ChildResult {
  const out = execFileSync(process.execPath, [here(script), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult;
}

const rate = (r: ChildResult): number => r.messages / r.seconds;
const workers = availableParallelism();
const floor = runChild('mailparser-alone.js', [archive]);
const one = runChild('checker.js', [archive, '0']);
const many = runChild('checker.js', [archive, String(workers)]);

const row = (name: string, r: ChildResult): string =>
  `| ${name} | ${r.messages} | ${r.seconds.toFixed(2)} | ${rate(r).toFixed(0)} | ${((rate(r) / rate(floor)) * 100).toFixed(0)}% | ${r.maxRssMb.toFixed(0)} |`;

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${workers} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`archive: ${archive}\n`);
console.log('| run | messages | seconds | messages/s | vs mailparser alone | peak RSS (MB) |');
console.log('|---|---:|---:|---:|---:|---:|');
console.log(row('mailparser alone (simpleParser, skip options, 1 thread)', floor));
console.log(row('dax-review check, main thread only (--jobs 0)', one));
console.log(row(`dax-review check, ${workers} worker threads`, many));
for (const [name, r] of [['--jobs 0', one], [`${workers} workers`, many]] as const) {
  console.log(`\n${name}: patches ${r.patches}, series ${r.series}, unparsed ${r.unparsed}, findings ${r.findings}; ` +
    `stages: parse ${r.parseSeconds?.toFixed(2)} s, series ${r.assembleSeconds?.toFixed(3)} s, rules ${r.rulesSeconds?.toFixed(3)} s ` +
    `(${(((r.rulesSeconds ?? 0) / r.seconds) * 100).toFixed(1)}% of the run)`);
}
