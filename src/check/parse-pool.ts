import { Worker } from 'node:worker_threads';
import type { RawMessage } from '../input/raw-message.js';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';
import { parseOne } from './parse-one.js';
import type { ParseOutcome } from './parsed-item.js';

/** A raw message as sent to a worker: its bytes in their own transferable ArrayBuffer. */
export interface WireMessage {
  readonly seq: number;
  readonly source: string;
  readonly raw: Uint8Array;
}

export interface ParseOptions {
  /** Worker threads to parse on; 0 parses on the calling thread. */
  readonly workers: number;
  readonly triggers: readonly string[] | null;
  /** Size and diff limits (src/limits); absent: the defaults. */
  readonly limits?: Limits;
  /** Called after every result, in completion order. */
  readonly onResult?: (outcome: ParseOutcome) => void;
}

const BATCH = 32;
/** Batches in flight per worker: enough to keep it busy, few enough to bound memory. */
const IN_FLIGHT = 3;

/**
 * Parses a stream of raw messages, on worker threads when asked. Results come back in input
 * order. Backpressure: the input is not read further while every worker has IN_FLIGHT batches.
 */
export async function parseAll(input: AsyncIterable<RawMessage>, options: ParseOptions): Promise<ParseOutcome[]> {
  const out: ParseOutcome[] = [];
  const record = (o: ParseOutcome): void => {
    out.push(o);
    options.onResult?.(o);
  };
  if (options.workers <= 0) {
    let seq = 0;
    for await (const m of input)
      record(
        m.unreadable === undefined
          ? await parseOne(seq++, m.source, m.raw, options.triggers, options.limits)
          : unreadable(seq++, m.source, m.unreadable),
      );
  } else {
    await parseOnWorkers(input, options, record);
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** A file that could not be read (see RawMessage.unreadable) is unparsed, with the reason. */
const unreadable = (seq: number, source: string, reason: string): ParseOutcome => ({
  seq,
  source,
  reason: `cannot read: ${reason}`,
});

interface PoolWorker {
  readonly worker: Worker;
  inFlight: number;
}

async function parseOnWorkers(
  input: AsyncIterable<RawMessage>,
  options: ParseOptions,
  record: (o: ParseOutcome) => void,
): Promise<void> {
  const pool: PoolWorker[] = [];
  const waiters: (() => void)[] = [];
  // Held in an object: the worker 'error' handler sets it between awaits.
  const state: { failure: Error | null } = { failure: null };
  const wake = (): void => {
    waiters.splice(0).forEach((w) => {
      w();
    });
  };
  for (let i = 0; i < options.workers; i++) {
    const pw: PoolWorker = { worker: spawnWorker(options.triggers, options.limits ?? DEFAULT_LIMITS), inFlight: 0 };
    pw.worker.on('message', (msg: { results: ParseOutcome[] }) => {
      pw.inFlight -= 1;
      msg.results.forEach(record);
      wake();
    });
    pw.worker.on('error', (err) => {
      state.failure = err;
      wake();
    });
    pool.push(pw);
  }
  const idle = async (): Promise<PoolWorker> => {
    for (;;) {
      if (state.failure) throw state.failure;
      const free = pool.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      if (free.inFlight < IN_FLIGHT) return free;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const send = async (batch: WireMessage[]): Promise<void> => {
    const w = await idle();
    w.inFlight += 1;
    w.worker.postMessage(
      { batch },
      batch.map((m) => m.raw.buffer as ArrayBuffer),
    );
  };
  try {
    let batch: WireMessage[] = [];
    let seq = 0;
    for await (const m of input) {
      if (m.unreadable !== undefined) {
        record(unreadable(seq++, m.source, m.unreadable));
        continue;
      }
      // Copy into a fresh ArrayBuffer so it can be transferred without cloning.
      batch.push({ seq: seq++, source: m.source, raw: new Uint8Array(m.raw) });
      if (batch.length === BATCH) {
        await send(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await send(batch);
    while (pool.some((w) => w.inFlight > 0)) {
      if (state.failure) throw state.failure;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  } finally {
    await Promise.all(pool.map((w) => w.worker.terminate()));
  }
}

/**
 * Heap limits per worker. Without them each isolate grows its heap lazily to hundreds of MB of
 * garbage (mailparser allocates a lot); with them GC runs sooner and the whole checker stays
 * under its RSS budget. 256 MB old space is ~10x what the largest archived message needs.
 */
const WORKER_LIMITS = {
  maxOldGenerationSizeMb: Number(process.env.DAX_WORKER_OLD_MB ?? 256),
  maxYoungGenerationSizeMb: Number(process.env.DAX_WORKER_YOUNG_MB ?? 16),
};

function spawnWorker(triggers: readonly string[] | null, limits: Limits): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./parse-worker.js', import.meta.url), {
      workerData: { triggers, limits },
      resourceLimits: WORKER_LIMITS,
    });
  }
  // Running from TypeScript sources (vitest, tsx): register tsx in the worker, then load the entry.
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: { triggers, limits }, resourceLimits: WORKER_LIMITS });
}
