/**
 * What ingest makes of one raw mail, ready to store: the headers-only record (object and JSON)
 * and, for the mails a review reads whole (see needsFullMail), the whole parse as deflated JSON.
 */
import { promisify } from 'node:util';
import { deflateRaw } from 'node:zlib';
import { messageKeyOf, needsFullMail, slimMail, type MessageRecord } from './message-store.js';
import { parseRaw } from './parse-raw.js';

// On libuv's thread pool, beside the event loop.
const deflate = promisify(deflateRaw);

export interface IngestRefs {
  readonly blob: string;
  readonly sourceId: string;
  readonly itemKey: string;
}

export interface PreparedMessage {
  readonly record: MessageRecord;
  readonly recordJson: string;
  /** The whole parse, deflated JSON; null when the review never needs more than the record. */
  readonly packed: Buffer | null;
}

/** Parses and serializes; a mail that cannot be parsed throws PermanentError (parseRaw's). */
export async function prepareMessage(raw: Buffer, refs: IngestRefs): Promise<PreparedMessage> {
  const mail = await parseRaw(raw, `${refs.sourceId}#${refs.itemKey}`);
  const record: MessageRecord = {
    key: messageKeyOf(mail, refs.blob), blob: refs.blob, sourceId: refs.sourceId, itemKey: refs.itemKey,
    mail: slimMail(mail), hasDiff: mail.diffText !== null,
  };
  return {
    record,
    recordJson: JSON.stringify(record),
    packed: needsFullMail(mail) ? await deflate(JSON.stringify(mail), { level: 1 }) : null,
  };
}
