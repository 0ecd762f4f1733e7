/**
 * Bench child: bounded over a long run. The whole archive goes through the service twice (one
 * `serve` process, real queues, outbox sink; bench-service.ts), the second pass being the same
 * mail delivered again. Finished jobs are capped low (`jobs.completed.count`), so most of pass 2
 * is really ingested again rather than absorbed by job ids, and what keeps it from replying
 * twice is the message store and the publish records. Redis `used_memory` is sampled every
 * 500 ms. Prints one JSON line: memory peak and end, DBSIZE and serve RSS after each pass,
 * failed jobs, replies written per pass.
 *
 *     longrun <mbox[.gz]>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readInputs } from '../../src/input/read-inputs.js';
import { enqueueRaw } from '../../src/queue/enqueue-raw.js';
import { drained, startBenchService } from './bench-service.js';

const DRAIN_TIMEOUT_MS = 600_000;
export const KEEP_COMPLETED = 2000;

const [archive] = process.argv.slice(2);
if (archive === undefined) throw new Error('usage: longrun <mbox[.gz]>');

const service = await startBenchService(1, [
  'series: { waitMs: 1000 }',
  `jobs: { completed: { count: ${KEEP_COMPLETED} } }`,
]);
const { redis, queues, blobs } = service;
const serve = service.children[0];

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
const rssMb = (): number => {
  const kb = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${serve?.pid ?? 0}/status`, 'utf8'))?.[1];
  return mb(Number(kb ?? 0) * 1024);
};
const usedMemory = async (): Promise<number> =>
  Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1] ?? 0);
let peak = 0;
const sampler = setInterval(() => {
  void usedMemory().then(
    (m) => {
      peak = Math.max(peak, m);
    },
    () => undefined,
  );
}, 500);
const replies = (): number => readdirSync(service.outbox).filter((f) => f.endsWith('.eml')).length;

interface Pass {
  messages: number;
  seconds: number;
  drained: boolean;
  keys: number;
  usedMemoryMb: number;
  serveRssMb: number;
  replies: number;
  failed: number;
}

async function pass(n: number): Promise<Pass> {
  const start = Date.now();
  let messages = 0;
  for await (const msg of readInputs([archive!])) {
    await enqueueRaw(
      {
        sourceId: 'bench',
        itemKey: `pass${n}:${msg.source}`,
        receivedAt: new Date().toISOString(),
        kind: 'rfc822',
        raw: msg.raw,
      },
      blobs,
      queues.ingest,
    );
    messages++;
  }
  const ok = await drained(queues, DRAIN_TIMEOUT_MS);
  const failed = (await Promise.all(Object.values(queues).map((q) => q.getFailedCount()))).reduce((a, b) => a + b, 0);
  return {
    messages,
    seconds: (Date.now() - start) / 1000,
    drained: ok,
    keys: await redis.dbsize(),
    usedMemoryMb: mb(await usedMemory()),
    serveRssMb: rssMb(),
    replies: replies(),
    failed,
  };
}

try {
  const startRssMb = rssMb();
  const startKeys = await redis.dbsize();
  const first = await pass(1);
  const second = await pass(2);
  clearInterval(sampler);
  const peakInfo = Number(/^used_memory_peak:(\d+)/m.exec(await redis.info('memory'))?.[1] ?? 0);
  process.stdout.write(
    JSON.stringify({
      keepCompleted: KEEP_COMPLETED,
      startRssMb,
      startKeys,
      passes: [first, second],
      usedMemoryPeakSampledMb: mb(peak),
      usedMemoryPeakInfoMb: mb(peakInfo),
      usedMemoryEndMb: second.usedMemoryMb,
      newRepliesInPass2: second.replies - first.replies,
    }) + '\n',
  );
} finally {
  clearInterval(sampler);
  await service.stop();
}
