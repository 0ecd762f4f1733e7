/**
 * Bench child: the review service end to end over the archive, through the queues
 * (enqueue → ingest → series → review → publish to the outbox), on a private redis-server
 * (AOF on, as the service starts it) on a free port, with N `dax-review serve` processes
 * (the workers' composition root, workers/main.ts) on their embedded defaults (concurrency 4,
 * ingest twice that, LOG_LEVEL info to a file). Prints one JSON line.
 *
 *     service <mbox[.gz]> <serve processes>                  # the whole archive, enqueued as fast as `dax-review enqueue` does
 *     service <mbox[.gz]> <serve processes> <rate/s> <seconds>  # steady load: the first rate×seconds messages, paced
 *
 * Timestamps are BullMQ's own: a job's `timestamp` (set when it is added: the enqueue) and its
 * `finishedOn`. A message's work ends with the last step its arrival caused: its ingest job,
 * its series step (run by the ingest job; a `place` job of the series queue in earlier
 * versions), and the review that step queued, if any. A series step that decides to
 * wait for missing patches ends that message's work (the wait is `series.waitMs`, set to 1 s
 * here; the timeout reviews it causes run during the measurement and count in the throughput).
 * Reply latency: from the enqueue of the message that triggered the review (the one that
 * completed its series, or the lone patch) to the reply's publish job finishing (the .eml
 * written); replies of timeout reviews are counted apart since they include the wait by design.
 * The archive has a single patch with findings, so the steady run also enqueues, after every
 * 250th archive message, a variant of a real lone patch with findings (kb-mails/19, its
 * Message-ID and subject made unique so that each is a new work and gets its own reply): the
 * replies whose latency is measured under load.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Job, Queue } from 'bullmq';
import { rules } from '../../rules/index.js';
import { readInputs } from '../../src/input/read-inputs.js';
import { enqueueRaw } from '../../src/queue/enqueue-raw.js';
import { jobId } from '../../src/queue/jobs.js';
import type { SeriesDecision } from '../../src/review/decide-series.js';
import { rulesetVersion } from '../../src/review/review-thread.js';
import type { ReviewSummary } from '../../src/review/review-summary.js';
import { drained, sleep, startBenchService } from './bench-service.js';

export const SERIES_WAIT_MS = 1000;
const DRAIN_TIMEOUT_MS = 240_000;

const [archive, procArg, rateArg, secondsArg] = process.argv.slice(2);
if (archive === undefined || procArg === undefined)
  throw new Error('usage: service <mbox[.gz]> <serve processes> [rate/s seconds]');
const processes = Number(procArg);
const rate = rateArg === undefined ? null : Number(rateArg);
const limit = rate === null ? Infinity : Math.round(rate * Number(secondsArg ?? '60'));

const PROBE_EVERY = 250;
// The repository root: two levels up from test/bench/*.ts (run with tsx), three from dist/test/bench/*.js.
const repoRoot = new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url);
const probe = readFileSync(
  fileURLToPath(
    new URL('test/fixtures/corpus/kb-mails/19-kvm-sev-drop-foll-longterm-for-encrypted-region.eml', repoRoot),
  ),
  'latin1',
);
const probeVariant = (n: number): Buffer =>
  Buffer.from(
    probe
      .replace(/^Message-ID: <([^>]+)>/im, `Message-ID: <bench${n}.$1>`)
      .replace(/^Subject: \[PATCH\] /m, `Subject: [PATCH] bench${n}: `),
    'latin1',
  );

const service = await startBenchService(processes, [`series: { waitMs: ${SERIES_WAIT_MS} }`]);
const { redis, queues, blobs, children } = service;

try {
  // Enqueue, as `dax-review enqueue` does (store the blob, add the ingest job).
  const enqueueStart = Date.now();
  const enqueueCpuStart = process.cpuUsage();
  let enqueued = 0;
  let probes = 0;
  for await (const msg of readInputs([archive])) {
    if (enqueued >= limit) break;
    if (rate !== null) {
      const due = enqueueStart + (enqueued * 1000) / rate;
      const now = Date.now();
      if (due > now) await sleep(due - now);
    }
    await enqueueRaw(
      { sourceId: 'bench', itemKey: msg.source, receivedAt: new Date().toISOString(), kind: 'rfc822', raw: msg.raw },
      blobs,
      queues.ingest,
    );
    enqueued++;
    if (rate !== null && enqueued % PROBE_EVERY === 0) {
      await enqueueRaw(
        {
          sourceId: 'bench',
          itemKey: `probe-${enqueued}`,
          receivedAt: new Date().toISOString(),
          kind: 'rfc822',
          raw: probeVariant(enqueued),
        },
        blobs,
        queues.ingest,
      );
      probes++;
    }
  }
  const enqueueEnd = Date.now();
  const enqueueCpu = process.cpuUsage(enqueueCpuStart);

  const isDrained = await drained(queues, DRAIN_TIMEOUT_MS);

  const all = async (q: Queue): Promise<Job[]> => {
    const jobs: Job[] = [];
    for (let start = 0; ; start += 1000) {
      const page = await q.getJobs(['completed'], start, start + 999, true);
      jobs.push(...page);
      if (page.length < 1000) return jobs;
    }
  };
  const ingest = await all(queues.ingest);
  const series = await all(queues.series);
  const review = await all(queues.review);
  const publish = await all(queues.publish);
  const failed = (await Promise.all(Object.values(queues).map((q) => q.getFailedCount()))).reduce((a, b) => a + b, 0);
  const byId = (jobs: Job[]): Map<string, Job> => new Map(jobs.map((j) => [j.id ?? '', j]));
  const seriesById = byId(series);
  const reviewById = byId(review);
  const publishById = byId(publish);
  const ruleset = rulesetVersion(rules);

  // Enqueue time per message key (the earliest delivery of that Message-ID).
  const enqueuedAt = new Map<string, number>();
  for (const j of ingest) {
    const key = (j.returnvalue as { messageKey: string }).messageKey;
    enqueuedAt.set(key, Math.min(enqueuedAt.get(key) ?? Infinity, j.timestamp));
  }
  // The series step of each message key: run by the ingest job of the copy that holds the
  // record (its returnvalue's `series`), or by a 'place' job of the series queue (before ingest
  // placed messages itself).
  const steps = new Map<string, { decision: SeriesDecision; finishedOn: number }>();
  for (const j of ingest) {
    const r = j.returnvalue as { messageKey: string; series?: SeriesDecision | null };
    if (r.series !== undefined && r.series !== null)
      steps.set(r.messageKey, { decision: r.series, finishedOn: j.finishedOn ?? 0 });
  }
  const stepOf = (key: string): { decision: SeriesDecision; finishedOn: number } | undefined => {
    const placed = steps.get(key);
    if (placed !== undefined) return placed;
    const job = seriesById.get(jobId.series(key));
    return job?.returnvalue === undefined || job.returnvalue === null
      ? undefined
      : { decision: job.returnvalue as SeriesDecision, finishedOn: job.finishedOn ?? 0 };
  };
  const reviewLatency: number[] = [];
  const ends = { review: 0, wait: 0, ignore: 0, none: 0 };
  for (const j of ingest) {
    const key = (j.returnvalue as { messageKey: string }).messageKey;
    let end = j.finishedOn ?? 0;
    const step = stepOf(key);
    const decision = step?.decision;
    if (step === undefined || decision === undefined) ends.none++;
    else {
      end = Math.max(end, step.finishedOn);
      ends[decision.kind]++;
      if (decision.kind === 'review')
        end = Math.max(end, reviewById.get(jobId.review(decision.members, ruleset))?.finishedOn ?? 0);
    }
    reviewLatency.push(end - j.timestamp);
  }
  // Each reply is attributed to the first review that planned it.
  const replyLatency: number[] = [];
  let timeoutReplies = 0;
  const seen = new Set<string>();
  for (const r of [...review].sort((a, b) => (a.finishedOn ?? 0) - (b.finishedOn ?? 0))) {
    const data = r.data as { trigger: string; reason: string };
    for (const p of (r.returnvalue as ReviewSummary).patches) {
      const fp = p.reply === null ? undefined : /^dax-review\.([0-9a-f]+)@/.exec(p.reply)?.[1];
      if (fp === undefined || seen.has(fp)) continue;
      seen.add(fp);
      const pub = publishById.get(jobId.publish('outbox', fp));
      const t0 = enqueuedAt.get(data.trigger);
      if (pub?.finishedOn === undefined || t0 === undefined) continue;
      if (data.reason === 'timeout') timeoutReplies++;
      else replyLatency.push(pub.finishedOn - t0);
    }
  }
  // CPU seconds (user + system) the serve processes used so far, from /proc (Linux only).
  const serveCpuSeconds = children.reduce((sum, c) => {
    try {
      const fields = readFileSync(`/proc/${c.pid ?? 0}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return sum;
    }
  }, 0);
  const cpuInfo = await redis.info('cpu');
  const redisCpuSeconds = ['used_cpu_user', 'used_cpu_sys'].reduce(
    (sum, f) => sum + Number(new RegExp(`^${f}:([0-9.]+)`, 'm').exec(cpuInfo)?.[1] ?? 0),
    0,
  );
  const lastFinished = Math.max(...[ingest, series, review, publish].flat().map((j) => j.finishedOn ?? 0));
  const pct = (xs: number[], p: number): number | null => {
    if (xs.length === 0) return null;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? null;
  };
  const seconds = (lastFinished - enqueueStart) / 1000;
  process.stdout.write(
    JSON.stringify({
      processes,
      rate,
      drained: isDrained,
      messages: enqueued + probes,
      probes,
      ingested: ingest.length,
      failed,
      seconds,
      enqueueSeconds: (enqueueEnd - enqueueStart) / 1000,
      messagesPerSecond: (enqueued + probes) / seconds,
      ends,
      reviews: review.length,
      replies: readdirSync(service.outbox).filter((f) => f.endsWith('.eml')).length,
      timeoutReplies,
      reviewP50: pct(reviewLatency, 50),
      reviewP99: pct(reviewLatency, 99),
      replyP50: pct(replyLatency, 50),
      replyP99: pct(replyLatency, 99),
      replyCount: replyLatency.length,
      seriesWaitMs: SERIES_WAIT_MS,
      serveCpuSeconds,
      redisCpuSeconds,
      enqueueCpuSeconds: (enqueueCpu.user + enqueueCpu.system) / 1e6,
    }) + '\n',
  );
} finally {
  await service.stop();
}
