/**
 * The embedded default source: a folder where `.eml`, `.mbox` and `.patch` files (optionally
 * `.gz`) are dropped. Each file is read once: after its messages are enqueued, it is moved to
 * `done/` under the folder; a file that cannot be read at all goes to `failed/` with the reason.
 *
 * Why move instead of a processed set in Redis: the spool is a local folder, so its state
 * belongs with it; operators see at a glance what was taken (and can drop a file back to
 * replay it); each poll lists only new files instead of a growing history. A crash between
 * enqueueing and the move only means the file is read again: ingest job ids are content
 * hashes, so nothing is ingested twice. Writers should write elsewhere and rename into the
 * folder (names starting with '.' are ignored), so a half-written file is never read.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { splitMboxStream } from '../input/mbox.js';
import type { Acknowledging } from './acknowledge.js';
import type { PollResult, PullSource, RawItem } from './source.js';

const SPOOLED = /^[^.].*\.(eml|mbox|mbx|patch)(\.gz)?$/i;
export const DONE_DIR = 'done';
export const FAILED_DIR = 'failed';

async function* readMessages(path: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(path);
  const bytes: AsyncIterable<Buffer> = path.toLowerCase().endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
  yield* splitMboxStream(bytes);
}

export class SpoolSource implements PullSource, Acknowledging {
  readonly id: string;
  private readonly dir: string;
  /** itemKey → file name, for the files handed out by the last poll. */
  private readonly fileOf = new Map<string, string>();

  constructor(dir: string, host = hostname()) {
    this.dir = resolve(dir);
    // The host is part of the id: a spool folder is local to its machine.
    this.id = `spool:${host}:${this.dir}`;
  }

  /** Whole files, oldest name first, until at least `limit` messages (a file is never split). */
  async poll(cursor: string | undefined, limit: number, signal: AbortSignal): Promise<PollResult> {
    await mkdir(join(this.dir, DONE_DIR), { recursive: true });
    const names = (await readdir(this.dir)).filter((n) => SPOOLED.test(n)).sort();
    const items: RawItem[] = [];
    for (const name of names) {
      if (items.length >= limit) break;
      signal.throwIfAborted();
      const path = join(this.dir, name);
      const info = await stat(path);
      if (!info.isFile()) continue;
      const fileItems: RawItem[] = [];
      try {
        for await (const raw of readMessages(path)) {
          fileItems.push({
            sourceId: this.id,
            itemKey: `${name}#${fileItems.length}`,
            receivedAt: info.mtime.toISOString(),
            kind: 'rfc822',
            raw,
          });
        }
      } catch (err) {
        // A file that cannot be read (corrupt gzip) must not block the files after it.
        await this.setAside(name, err);
        continue;
      }
      for (const item of fileItems) this.fileOf.set(item.itemKey, name);
      items.push(...fileItems);
    }
    return { items, next: cursor ?? '' };
  }

  /** Moves an unreadable file to failed/, with the reason beside it for the operator. */
  private async setAside(name: string, err: unknown): Promise<void> {
    await mkdir(join(this.dir, FAILED_DIR), { recursive: true });
    await rename(join(this.dir, name), join(this.dir, FAILED_DIR, name));
    await writeFile(
      join(this.dir, FAILED_DIR, `${name}.reason.txt`),
      `${err instanceof Error ? err.message : String(err)}\n`,
    );
  }

  /** Moves the files of these items to done/ (a file already moved is fine). */
  async acknowledge(items: readonly RawItem[]): Promise<void> {
    const files = new Set(items.map((i) => this.fileOf.get(i.itemKey)).filter((f): f is string => f !== undefined));
    for (const name of files) {
      try {
        await rename(join(this.dir, name), join(this.dir, DONE_DIR, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      for (const [k, f] of this.fileOf) if (f === name) this.fileOf.delete(k);
    }
  }
}
