import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline, Readable, Transform } from 'node:stream';
import { ioReason } from './io-reason.js';
import { splitMboxStream } from './mbox.js';
import { NoMessagesError, type RawMessage, UnreadableInputError } from './raw-message.js';

/**
 * Reads checker inputs as a stream of raw messages, one input after another:
 * - `-`: standard input (a bare message or an mbox, gzip-compressed or not);
 * - a file: `.eml`/`.patch` (one message), mbox/mboxrd (any name), each optionally `.gz`;
 *   mbox vs bare message is told from the first bytes, not the name;
 * - a maildir (a folder with `cur/` and `new/`): every file in `new/` then `cur/`, by name;
 * - any other folder: its files, recursively, by name (hidden files skipped).
 * Never loads a whole archive: mboxes are split while they stream.
 * An input named here that holds no message (an empty file, empty stdin, an empty folder) is an
 * error (NoMessagesError); an empty file inside a folder is passed on as an empty message.
 */
export interface ReadOptions {
  /** Standard input, for `-`. */
  readonly stdin?: Readable;
  /** Called with the running count of input bytes read (compressed bytes for .gz). */
  readonly onBytes?: (bytes: number) => void;
  /**
   * A file inside a folder that cannot be read (permissions, corrupt .gz) is yielded with
   * `unreadable` set, and the rest is read; without this it ends the read like a named input.
   */
  readonly listUnreadable?: boolean;
}

export async function* readInputs(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<RawMessage> {
  const stdin = options.stdin ?? process.stdin;
  const ctx: ReadContext = { bytes: 0, onBytes: options.onBytes, listUnreadable: options.listUnreadable === true };
  for (const path of paths) {
    if (path === '-') {
      yield* atLeastOne(readStream(gunzipIfGzip(stdin), '-'), '-');
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      throw new UnreadableInputError(path, ioReason(err), { cause: err });
    }
    if (info.isDirectory()) yield* atLeastOne(readDirectory(path, ctx), path);
    else yield* atLeastOne(readFile(path, ctx), path);
  }
}

interface ReadContext {
  bytes: number;
  readonly onBytes: ((bytes: number) => void) | undefined;
  readonly listUnreadable: boolean;
}

/** An input named on the command line must hold a message: nothing at all is an input error. */
async function* atLeastOne(messages: AsyncGenerator<RawMessage>, input: string): AsyncGenerator<RawMessage> {
  let any = false;
  for await (const m of messages) {
    any = true;
    yield m;
  }
  if (!any) throw new NoMessagesError(input);
}

async function* readDirectory(dir: string, ctx: ReadContext): AsyncGenerator<RawMessage> {
  const files = (await isMaildir(dir))
    ? [...(await listFiles(join(dir, 'new'), false)), ...(await listFiles(join(dir, 'cur'), false))]
    : await listFiles(dir, true);
  for (const file of files) yield* readFolderFile(file, ctx);
}

/** One file of a folder: an empty one is passed on (to be reported unparsed), not dropped. */
async function* readFolderFile(file: string, ctx: ReadContext): AsyncGenerator<RawMessage> {
  let any = false;
  try {
    for await (const m of readFile(file, ctx)) {
      any = true;
      yield m;
    }
  } catch (err) {
    if (!ctx.listUnreadable || !(err instanceof UnreadableInputError)) throw err;
    // The messages read whole before the failure stand; the file is listed with the reason.
    yield { source: file, raw: Buffer.alloc(0), unreadable: err.reason };
    return;
  }
  if (!any) yield { source: file, raw: Buffer.alloc(0) };
}

async function isMaildir(dir: string): Promise<boolean> {
  const has = async (sub: string): Promise<boolean> =>
    (await stat(join(dir, sub)).catch(() => null))?.isDirectory() ?? false;
  return (await has('cur')) && (await has('new'));
}

async function listFiles(dir: string, recursive: boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new UnreadableInputError(dir, ioReason(err), { cause: err });
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

async function* readFile(path: string, ctx: ReadContext): AsyncGenerator<RawMessage> {
  const stages: (Readable | Transform)[] = [createReadStream(path, { highWaterMark: 1 << 20 })];
  if (ctx.onBytes) stages.push(countBytes(ctx, ctx.onBytes));
  if (path.endsWith('.gz')) stages.push(createGunzip({ chunkSize: 1 << 20 }));
  // pipeline() destroys every stage on error, so a read or gzip error surfaces in the loop below.
  const stream =
    stages.length === 1 ? (stages[0] as Readable) : (pipeline(stages, () => undefined) as unknown as Readable);
  yield* readStream(stream, path);
}

/** Standard input has no name to tell gzip by: its first two bytes (1f 8b) do. */
async function* gunzipIfGzip(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  while (size < 2) {
    const r = await it.next();
    if (r.done === true) break;
    head.push(r.value);
    size += r.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* head;
    for (let r = await it.next(); r.done !== true; r = await it.next()) yield r.value;
  }
  const first = Buffer.concat(head);
  if (first[0] !== 0x1f || first[1] !== 0x8b) {
    yield* replay();
    return;
  }
  // pipeline() destroys the gunzip stage with any error, which ends the iteration with it.
  yield* pipeline(
    Readable.from(replay()),
    createGunzip({ chunkSize: 1 << 20 }),
    () => undefined,
  ) as AsyncIterable<Buffer>;
}

function countBytes(counter: ReadContext, report: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      counter.bytes += chunk.length;
      report(counter.bytes);
      done(null, chunk);
    },
  });
}

/** The messages of one stream; none for an empty one (the caller decides what that means). */
async function* readStream(stream: AsyncIterable<Buffer>, name: string): AsyncGenerator<RawMessage> {
  let n = 0;
  // Held back one message: a lone message is named after the file alone.
  let held: Buffer | null = null;
  try {
    for await (const raw of splitMboxStream(stream)) {
      n += 1;
      if (held !== null) yield { source: `${name}#${n - 1}`, raw: held };
      held = raw;
    }
  } catch (err) {
    // The held message was complete (the next one had begun): it is passed on before the error.
    if (held !== null) yield { source: `${name}#${n}`, raw: held };
    throw new UnreadableInputError(name, ioReason(err), { cause: err });
  }
  if (held !== null) yield { source: n === 1 ? name : `${name}#${n}`, raw: held };
}
