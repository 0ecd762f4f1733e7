import { parseMessage, type ParseMessageOptions } from '../mail/parse-message.js';
import type { PatchMail } from '../model/patch-mail.js';
import { PermanentError } from '../errors.js';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';
import { parseIfQuiet, type QuietMail } from '../pipeline/quiet-parse.js';

/**
 * parseMessage for stored mail: any failure is permanent (the same bytes parse the same way
 * every time), and the reason names the source so `dax-review jobs failed` says which mail.
 */
export async function parseRaw(raw: Buffer, source: string, options: ParseMessageOptions = {}): Promise<PatchMail> {
  return permanently(source, () => parseMessage(raw, source, options));
}

/** parseIfQuiet for stored mail, its failures permanent as parseRaw's. */
export async function parseRawIfQuiet(
  raw: Buffer,
  source: string,
  triggers: readonly string[],
  limits: Limits = DEFAULT_LIMITS,
): Promise<QuietMail | null> {
  return permanently(source, () => parseIfQuiet(raw, source, triggers, limits));
}

async function permanently<T>(source: string, parse: () => T | Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PermanentError(reason.startsWith(source) ? reason : `${source}: ${reason}`);
  }
}
