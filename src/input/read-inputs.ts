import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline, type Readable, Transform } from 'node:stream';
import { splitMboxStream } from './mbox.js';
import { type RawMessage, UnreadableInputError } from './raw-message.js';

/**
 * Reads checker inputs as a stream of raw messages, one input after another:
 * - `-`: standard input (a bare message or an mbox);
 * - a file: `.eml`/`.patch` (one message), mbox/mboxrd (any name), each optionally `.gz`;
 *   mbox vs bare message is told from the first bytes, not the name;
 * - a maildir (a folder with `cur/` and `new/`): every file in `new/` then `cur/`, by name;
 * - any other folder: its files, recursively, by name (hidden files skipped).
 * Never loads a whole archive: mboxes are split while they stream.
 */
export interface ReadOptions {
  /** Standard input, for `-`. */
  readonly stdin?: Readable;
  /** Called with the running count of input bytes read (compressed bytes for .gz). */
  readonly onBytes?: (bytes: number) => void;
}

export async function* readInputs(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<RawMessage> {
  const stdin = options.stdin ?? process.stdin;
  const counter = { bytes: 0, onBytes: options.onBytes };
  for (const path of paths) {
    if (path === '-') {
      yield* readStream(stdin, '-');
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      throw new UnreadableInputError(path, describe(err), { cause: err });
    }
    if (info.isDirectory()) yield* readDirectory(path, counter);
    else yield* readFile(path, counter);
  }
}

interface ByteCounter {
  bytes: number;
  readonly onBytes: ((bytes: number) => void) | undefined;
}

async function* readDirectory(dir: string, counter: ByteCounter): AsyncGenerator<RawMessage> {
  const files = (await isMaildir(dir))
    ? [...(await listFiles(join(dir, 'new'), false)), ...(await listFiles(join(dir, 'cur'), false))]
    : await listFiles(dir, true);
  for (const file of files) yield* readFile(file, counter);
}

async function isMaildir(dir: string): Promise<boolean> {
  const has = async (sub: string): Promise<boolean> => (await stat(join(dir, sub)).catch(() => null))?.isDirectory() ?? false;
  return (await has('cur')) && (await has('new'));
}

async function listFiles(dir: string, recursive: boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new UnreadableInputError(dir, describe(err), { cause: err });
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isFile()) out.push(full);
    else if (recursive && e.isDirectory()) out.push(...(await listFiles(full, true)));
  }
  return out;
}

async function* readFile(path: string, counter: ByteCounter): AsyncGenerator<RawMessage> {
  const stages: (Readable | Transform)[] = [createReadStream(path, { highWaterMark: 1 << 20 })];
  if (counter.onBytes) stages.push(countBytes(counter, counter.onBytes));
  if (path.endsWith('.gz')) stages.push(createGunzip({ chunkSize: 1 << 20 }));
  // pipeline() destroys every stage on error, so a read or gzip error surfaces in the loop below.
  const stream = stages.length === 1 ? (stages[0] as Readable) : (pipeline(stages, () => undefined) as unknown as Readable);
  yield* readStream(stream, path);
}

function countBytes(counter: ByteCounter, report: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      counter.bytes += chunk.length;
      report(counter.bytes);
      done(null, chunk);
    },
  });
}

async function* readStream(stream: Readable, name: string): AsyncGenerator<RawMessage> {
  let n = 0;
  const messages: RawMessage[] = [];
  try {
    for await (const raw of splitMboxStream(stream as AsyncIterable<Buffer>)) {
      n += 1;
      messages.push({ source: `${name}#${n}`, raw });
      // Hold one back so that a lone message is named after the file alone.
      const ready = messages.length === 2 ? messages.shift() : undefined;
      if (ready) yield ready;
    }
  } catch (err) {
    throw new UnreadableInputError(name, describe(err), { cause: err });
  }
  const last = messages.shift();
  if (last !== undefined) yield n === 1 ? { source: name, raw: last.raw } : last;
  // An empty input is passed on, so that it is reported as unparsed rather than vanishing.
  else yield { source: name, raw: Buffer.alloc(0) };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES') return 'permission denied';
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return `not valid gzip data (${err.message})`;
    return err.message;
  }
  return String(err);
}
