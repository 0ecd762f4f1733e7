import { parseDiff } from '../diff/parse-diff.js';
import { NO_BODY } from '../mail/header-fields.js';
import { parseMessage } from '../mail/parse-message.js';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';
import type { PatchMail } from '../model/patch-mail.js';
import { mentionsAny } from '../pipeline/prefilter.js';
import { parseIfQuiet } from '../pipeline/quiet-parse.js';
import type { ParseOutcome } from './parsed-item.js';

function slim(mail: PatchMail): PatchMail {
  return { ...mail, ...NO_BODY };
}

/**
 * Parses one raw message into a pipeline item. `triggers` null keeps every mail whole;
 * otherwise mails mentioning none of the triggers are slimmed (see ParsedItem.mail): those the
 * raw bytes already tell are quiet get only the headers-only parse (parseIfQuiet), the rest the
 * whole parse and mentionsAny.
 */
export async function parseOne(
  seq: number,
  source: string,
  raw: Buffer,
  triggers: readonly string[] | null,
  limits: Limits = DEFAULT_LIMITS,
): Promise<ParseOutcome> {
  try {
    const quiet = triggers === null ? null : parseIfQuiet(raw, source, triggers, limits);
    if (quiet !== null) return { seq, source, mail: quiet.mail, hasDiff: quiet.hasDiff, full: false };
    // The diff model is built only for mails kept whole: most of an archive never needs it.
    const mail = await parseMessage(raw, source, { diffModel: triggers === null, limits });
    const hasDiff = mail.diffText !== null;
    if (triggers === null) return { seq, source, mail, hasDiff, full: true };
    if (!mentionsAny(mail, triggers)) return { seq, source, mail: slim(mail), hasDiff, full: false };
    const warnings = [...mail.warnings];
    const diff = mail.diffText === null ? [] : parseDiff(mail.diffText, warnings, limits);
    return { seq, source, mail: { ...mail, diff, warnings }, hasDiff, full: true };
  } catch (err) {
    return { seq, source, reason: err instanceof Error ? err.message : String(err) };
  }
}
