import { parseMessage, type ParseMessageOptions } from '../mail/parse-message.js';
import type { PatchMail } from '../model/patch-mail.js';
import { PermanentError } from '../errors.js';

/**
 * parseMessage for stored mail: any failure is permanent (the same bytes parse the same way
 * every time), and the reason names the source so `dax-review jobs failed` says which mail.
 */
export async function parseRaw(raw: Buffer, source: string, options: ParseMessageOptions = {}): Promise<PatchMail> {
  try {
    return await parseMessage(raw, source, options);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PermanentError(reason.startsWith(source) ? reason : `${source}: ${reason}`);
  }
}
