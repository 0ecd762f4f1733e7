/**
 * `npm run bench`: the offline checker over the whole nvdimm archive against mailparser alone,
 * each in its own process so that peak RSS is its own. Prints a Markdown table for BENCHMARKS.md.
 * Targets (issue 2): checker rate ≥ 60% of mailparser-alone, peak RSS < 400 MB;
 * (issue 3) the rule stage ≤ 20% of the checker's time.
 * Then (issue 4) the service through the queues (service.ts): the whole archive with 1 and 2
 * `serve` processes, and a steady 50 messages/s for 60 s; targets: with one process at least
 * half the checker's single-thread rate, p99 < 1 s at the steady load. `BENCH_SKIP_SERVICE=1`
 * skips these rows; `BENCH_SKIP_CHECK=1` skips the checker rows except `--jobs 0` (the service's
 * reference). Then (issue 5) the webhook server under a burst of 2,000 deliveries (webhooks.ts;
 * `BENCH_SKIP_WEBHOOKS=1` skips it). Then (issue 12) the CLI's start-up (startup.ts; `BENCH_ONLY=startup`
 * runs only that) and the long run (longrun.ts: the archive twice through one `serve`; Redis memory
 * and keys, serve RSS, failed jobs, replies per pass; `BENCH_SKIP_LONGRUN=1` skips it,
 * `BENCH_ONLY=longrun` runs only it). `BENCH_ONLY=check` runs only the checker rows (mailparser alone,
 * `--jobs 0`, the worker threads; issue 9: the checker at ≥ 2× mailparser alone). Runs from the sources too: `node --import tsx test/bench/run.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startupTable } from './startup.js';

// The repository root: two levels up from test/bench/*.ts, three from dist/test/bench/*.js.
const repoRoot = new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url);
if (process.env.BENCH_ONLY === 'startup') {
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, node ${process.version}\n`,
  );
  console.log(startupTable(repoRoot));
  process.exit(0);
}
const archive =
  process.env.DAX_REVIEW_ARCHIVE ??
  process.env.BENCH_ARCHIVE ??
  fileURLToPath(new URL('../shared/corpus/nvdimm.mbox.gz', repoRoot));
if (!existsSync(archive)) {
  console.error(
    `npm run bench: no archive at ${archive}; set DAX_REVIEW_ARCHIVE to an mbox(.gz) of a whole list (see test/helpers/archive.ts for how to build the nvdimm one)`,
  );
  process.exit(2);
}
// Built (dist/test/bench/*.js), or run from the sources with `node --import tsx test/bench/run.ts`.
const fromSources = import.meta.url.endsWith('.ts');
const here = (f: string): string =>
  fileURLToPath(new URL(fromSources ? f.replace(/\.js$/, '.ts') : f, import.meta.url));
const childArgs = (script: string): string[] => [...(fromSources ? ['--import', 'tsx'] : []), here(script)];

interface ChildResult {
  messages: number;
  seconds: number;
  maxRssMb: number;
  [k: string]: number;
}

function runChild(script: string, args: string[]): ChildResult {
  const out = execFileSync(process.execPath, [...childArgs(script), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult;
}

const rate = (r: ChildResult): number => r.messages / r.seconds;
// BENCH_ONLY=longrun: only the long run (two passes of the archive through the service).
if (process.env.BENCH_ONLY === 'longrun') {
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  console.log(`archive: ${archive}`);
  printLongrun();
  process.exit(0);
}
const workers = availableParallelism();
// BENCH_SKIP_CHECK=1: only the checker row the service is compared with (--jobs 0), then the service.
const skipCheck = process.env.BENCH_SKIP_CHECK === '1';
const one = runChild('checker.js', [archive, '0']);
const floor = skipCheck ? null : runChild('mailparser-alone.js', [archive]);
const many = skipCheck ? null : runChild('checker.js', [archive, String(workers)]);

const row = (name: string, r: ChildResult): string =>
  `| ${name} | ${r.messages} | ${r.seconds.toFixed(2)} | ${rate(r).toFixed(0)} | ${floor === null ? 'n/a' : `${((rate(r) / rate(floor)) * 100).toFixed(0)}%`} | ${r.maxRssMb.toFixed(0)} |`;

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${workers} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);
console.log(`archive: ${archive}\n`);
console.log('| run | messages | seconds | messages/s | vs mailparser alone | peak RSS (MB) |');
console.log('|---|---:|---:|---:|---:|---:|');
if (floor !== null) console.log(row('mailparser alone (simpleParser, skip options, 1 thread)', floor));
console.log(row('dax-review check, main thread only (--jobs 0)', one));
if (many !== null) console.log(row(`dax-review check, ${workers} worker threads`, many));
for (const [name, r] of [
  ['--jobs 0', one],
  [`${workers} workers`, many],
] as const) {
  if (r === null) continue;
  console.log(
    `\n${name}: patches ${r.patches}, series ${r.series}, unparsed ${r.unparsed}, findings ${r.findings}; ` +
      `stages: parse ${r.parseSeconds?.toFixed(2)} s, series ${r.assembleSeconds?.toFixed(3)} s, rules ${r.rulesSeconds?.toFixed(3)} s ` +
      `(${(((r.rulesSeconds ?? 0) / r.seconds) * 100).toFixed(1)}% of the run)`,
  );
}
// BENCH_ONLY=check: only the checker rows above (issue 9's measure), not the service, webhooks, start-up or long run.
if (process.env.BENCH_ONLY === 'check') process.exit(0);

interface ServiceResult {
  processes: number;
  rate: number | null;
  drained: boolean;
  messages: number;
  probes: number;
  ingested: number;
  failed: number;
  seconds: number;
  enqueueSeconds: number;
  messagesPerSecond: number;
  ends: { review: number; wait: number; ignore: number; none: number };
  reviews: number;
  replies: number;
  timeoutReplies: number;
  replyCount: number;
  seriesWaitMs: number;
  reviewP50: number | null;
  reviewP99: number | null;
  replyP50: number | null;
  replyP99: number | null;
  serveCpuSeconds: number;
  redisCpuSeconds: number;
  enqueueCpuSeconds: number;
}

function runService(args: string[]): ServiceResult {
  const out = execFileSync(process.execPath, [...childArgs('service.js'), archive, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ServiceResult;
}

if (process.env.BENCH_SKIP_SERVICE !== '1') {
  const ms = (x: number | null): string =>
    x === null ? 'n/a' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x} ms`;
  const checkerRate = rate(one);
  const runs: [string, ServiceResult][] = [
    ['whole archive, 1 serve process', runService(['1'])],
    ['whole archive, 2 serve processes', runService(['2'])],
    ['steady 50 msg/s for 60 s (+ a probe patch every 5 s), 1 serve process', runService(['1', '50', '60'])],
  ];
  const first = runs[0]?.[1];
  console.log(
    `\nservice (enqueue → ingest → series → review → publish to the outbox), private redis-server (AOF), series.waitMs ${first?.seriesWaitMs ?? '?'} ms;`,
  );
  console.log(
    '"to review end": enqueue → the last step the message caused (ingest, series step, and the review it queued; a series step that waits for missing patches ends it);',
  );
  console.log(
    '"to reply written": enqueue of the message that triggered the review → the reply\'s .eml written (replies of timeout reviews excluded: they include the wait)\n',
  );
  console.log(
    '| run | messages | seconds | messages/s | vs checker --jobs 0 | to review end p50 / p99 | to reply written p50 / p99 (replies) | failed |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, r] of runs) {
    console.log(
      `| ${name}${r.drained ? '' : ' (NOT DRAINED in time)'} | ${r.messages} | ${r.seconds.toFixed(1)} | ${r.messagesPerSecond.toFixed(0)} | ` +
        `${r.rate === null ? `${((r.messagesPerSecond / checkerRate) * 100).toFixed(0)}%` : '(paced)'} | ${ms(r.reviewP50)} / ${ms(r.reviewP99)} | ` +
        `${ms(r.replyP50)} / ${ms(r.replyP99)} (${r.replyCount}) | ${r.failed} |`,
    );
  }
  for (const [name, r] of runs) {
    console.log(
      `\n${name}: ${r.ingested} distinct mails ingested (enqueue took ${r.enqueueSeconds.toFixed(1)} s); series steps ended in review ${r.ends.review}, ` +
        `wait ${r.ends.wait}, ignore ${r.ends.ignore}, none ${r.ends.none}; ${r.reviews} reviews; ${r.probes} probe patches; ${r.replies} replies in the outbox (${r.timeoutReplies} from timeout reviews); ` +
        `CPU: serve ${r.serveCpuSeconds.toFixed(1)} s, redis-server ${r.redisCpuSeconds.toFixed(1)} s, enqueuing ${r.enqueueCpuSeconds.toFixed(1)} s`,
    );
  }
}

// (issue 5) The webhook server under a burst: 2,000 signed deliveries, 50 at a time, on the local
// Redis (REDIS_URL). GitHub allows a delivery 10 s. `BENCH_SKIP_WEBHOOKS=1` skips it.
interface WebhookResult {
  deliveries: number;
  concurrency: number;
  heads: number;
  jobs: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  maxRssMb: number;
}
if (process.env.BENCH_SKIP_WEBHOOKS !== '1') {
  const w = runChild('webhooks.js', []) as unknown as WebhookResult;
  console.log('\nGitHub webhooks (signed pull_request deliveries → review jobs, real Redis):\n');
  console.log(
    '| deliveries | at a time | head commits | jobs queued | failed | seconds | deliveries/s | answer p50 / p99 / max | peak RSS (MB) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${w.deliveries} | ${w.concurrency} | ${w.heads} | ${w.jobs} | ${w.failures} | ${w.seconds.toFixed(2)} | ${w.perSecond.toFixed(0)} | ` +
      `${w.p50Ms.toFixed(0)} / ${w.p99Ms.toFixed(0)} / ${w.maxMs.toFixed(0)} ms | ${w.maxRssMb.toFixed(0)} |`,
  );
}

console.log(`\n${startupTable(repoRoot)}`);

interface LongrunPass {
  messages: number;
  seconds: number;
  drained: boolean;
  keys: number;
  usedMemoryMb: number;
  serveRssMb: number;
  replies: number;
  failed: number;
}
interface LongrunResult {
  keepCompleted: number;
  startRssMb: number;
  startKeys: number;
  passes: LongrunPass[];
  usedMemoryPeakSampledMb: number;
  usedMemoryPeakInfoMb: number;
  usedMemoryEndMb: number;
  newRepliesInPass2: number;
}

function printLongrun(): void {
  const r = runChild('longrun.js', [archive]) as unknown as LongrunResult;
  console.log(
    `\nlong run: the archive twice through 1 serve process (private redis-server, AOF; jobs.completed.count ${r.keepCompleted}), outbox sink:\n`,
  );
  console.log(
    '| after | messages | seconds | drained | Redis keys (DBSIZE) | Redis used_memory (MB) | serve RSS (MB) | replies written (total) | failed jobs |',
  );
  console.log('|---|---:|---:|---|---:|---:|---:|---:|---:|');
  console.log(`| start | | | | ${r.startKeys} | | ${r.startRssMb} | 0 | 0 |`);
  for (const [i, p] of r.passes.entries()) {
    console.log(
      `| pass ${i + 1} | ${p.messages} | ${p.seconds.toFixed(1)} | ${p.drained ? 'yes' : 'NO'} | ${p.keys} | ${p.usedMemoryMb} | ${p.serveRssMb} | ${p.replies} | ${p.failed} |`,
    );
  }
  console.log(
    `\nRedis used_memory peak: ${r.usedMemoryPeakSampledMb} MB sampled every 500 ms (INFO used_memory_peak ${r.usedMemoryPeakInfoMb} MB), end ${r.usedMemoryEndMb} MB; new replies in pass 2: ${r.newRepliesInPass2}`,
  );
}

if (process.env.BENCH_SKIP_LONGRUN !== '1') printLongrun();
