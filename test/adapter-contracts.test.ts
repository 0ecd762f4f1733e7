import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxSink } from '../src/sinks/outbox.js';
import { SpoolSource } from '../src/sources/spool.js';
import { runSinkContract } from './helpers/sink-contract.js';
import { describeSourceContract } from './helpers/source-contract.js';
import { splitMbox } from '../src/input/mbox.js';

runSinkContract('OutboxSink', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dax-outbox-'));
  return Promise.resolve({
    sink: new OutboxSink(dir),
    delivered: () => Promise.resolve(readdirSync(dir).filter((f) => f.endsWith('.eml') && !f.startsWith('.')).length),
    close: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

// Real messages with distinct Message-IDs: the first six of the dax-gup v1 series.
const MAILS = splitMbox(
  readFileSync(new URL('./fixtures/corpus/series-samples/01-dax-gup-mistake-v1.mbox', import.meta.url)),
).slice(0, 6);

describeSourceContract('SpoolSource', MAILS, () => {
  const dir = mkdtempSync(join(tmpdir(), 'dax-spool-'));
  let n = 0;
  return {
    source: new SpoolSource(dir, 'contract'),
    // One .eml per message, named in delivery order (the spool reads names in order).
    deliver: (raws) => {
      for (const raw of raws) writeFileSync(join(dir, `${String(n++).padStart(3, '0')}.eml`), raw);
    },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
