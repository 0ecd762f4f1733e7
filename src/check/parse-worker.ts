/**
 * Worker-thread entry: parses batches of raw messages off the main thread.
 * Protocol: in `{ batch: WireMessage[] }`, out `{ results: ParseOutcome[] }` (structured clone).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Limits } from '../limits/limits.js';
import { parseOne } from './parse-one.js';
import type { WireMessage } from './parse-pool.js';

const { triggers, limits } = workerData as { triggers: readonly string[] | null; limits: Limits };
const port = parentPort;
if (port === null) throw new Error('parse-worker must run in a worker thread');

port.on('message', (msg: { batch: WireMessage[] }) => {
  void (async () => {
    const results = [];
    for (const m of msg.batch)
      results.push(
        await parseOne(
          m.seq,
          m.source,
          Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength),
          triggers,
          limits,
        ),
      );
    port.postMessage({ results });
  })();
});
