import { randomBytes } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toMime } from '../render/to-mime.js';
import type { Publication, PublishReceipt, Sink } from './sink.js';

/** A Message-ID as a file name: anything but [A-Za-z0-9@._+-] becomes '_' (no '/', no NUL). */
export function outboxFileName(messageId: string): string {
  return `${messageId.replace(/[^A-Za-z0-9@._+-]/g, '_')}.eml`;
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
    const tmp = join(this.dir, `.${outboxFileName(p.reply.messageId)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(tmp, await toMime(p.reply), { flush: true });
    try {
      await link(tmp, path);
      return { sinkId: this.id, outcome: 'written', ref: path };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { sinkId: this.id, outcome: 'skipped-duplicate', ref: path };
      throw err;
    } finally {
      await unlink(tmp);
    }
  }
}
