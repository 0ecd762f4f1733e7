import { randomBytes } from 'node:crypto';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shortHash } from '../queue/names.js';
import { toMime } from '../render/to-mime.js';
import type { Publication, PublishReceipt, Sink } from './sink.js';

/** Longest Message-ID used as a file name as is: with `.eml` and the temporary name's extras, within NAME_MAX (255). */
const PLAIN_MAX = 200;
/** The part of an escaped id kept readable in its file name. */
const ESCAPED_KEEP = 160;
/** Windows device names, reserved whatever the extension (`CON.eml` too). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * A Message-ID as a file name inside the outbox. Our own ids (`dax-review.<hex>@domain`) are
 * used as they are. Any other id (a reissue of a mail-derived one, a hostile one) that holds a
 * character outside [A-Za-z0-9@._+-] (`/`, NUL, unicode), starts with one that is not a letter
 * or digit (`.`, `..`, hidden files), is a Windows device name or is too long becomes
 * `_<readable part>.<hash of the whole id>.eml`: never a path, within NAME_MAX, and two ids
 * never share a file (escaped names start with `_`, plain ones never do; the hash tells apart
 * ids that escape alike, `a/b` and `a_b`). The same id always gives the same name.
 */
export function outboxFileName(messageId: string): string {
  const plain =
    /^[A-Za-z0-9][A-Za-z0-9@._+-]*$/.test(messageId) &&
    messageId.length <= PLAIN_MAX &&
    !WINDOWS_RESERVED.test(messageId);
  if (plain) return `${messageId}.eml`;
  return `_${messageId.replace(/[^A-Za-z0-9@._+-]/g, '_').slice(0, ESCAPED_KEEP)}.${shortHash(messageId, 24)}.eml`;
}

/**
 * The default, dry-run sink: each reply becomes `<Message-ID>.eml` in a folder. The file is
 * written under a temporary name and hard-linked to its final name: link() fails when the name
 * exists, so a crash never leaves half a file under the final name, two workers racing on the
 * same reply write it once, and an existing file means "already published".
 */
export class OutboxSink implements Sink {
  readonly id = 'outbox';

  constructor(private readonly dir: string) {}

  /** The outbox takes every reply, whatever the list: in dry run it shows all the bot would send. */
  accepts(p: Publication): boolean {
    return p.reply.messageId !== '';
  }

  async publish(p: Publication, signal: AbortSignal): Promise<PublishReceipt> {
    signal.throwIfAborted();
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, outboxFileName(p.reply.messageId));
    const tmp = join(
      this.dir,
      `.${outboxFileName(p.reply.messageId)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    try {
      // Inside the try: a write that fails half way (a full disk) must not leave its temp file
      // behind, or every retry would fill the folder further. The error is transient: the job
      // retries on the publish backoff until the folder takes files again.
      await writeFile(tmp, await toMime(p.reply), { flush: true });
      await link(tmp, path);
      return { sinkId: this.id, outcome: 'written', ref: path };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        return { sinkId: this.id, outcome: 'skipped-duplicate', ref: path };
      throw new Error(
        `outbox ${this.dir}: cannot write ${outboxFileName(p.reply.messageId)}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    } finally {
      await rm(tmp, { force: true });
    }
  }
}
