import { parseDiff } from '../diff/parse-diff.js';
import { parseMessage } from '../mail/parse-message.js';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';
import type { PatchMail } from '../model/patch-mail.js';
import { mentionsAny } from '../pipeline/prefilter.js';
import type { ParseOutcome } from './parsed-item.js';

function slim(mail: PatchMail): PatchMail {
  return { ...mail, commitMessage: '', trailers: [], notes: '', diffText: null, diff: [] };
}

/**
 * Parses one raw message into a pipeline item. `triggers` null keeps every mail whole;
 * otherwise mails mentioning none of the triggers are slimmed (see ParsedItem.mail).
 */
export async function parseOne(seq: number, source: string, raw: Buffer, triggers: readonly string[] | null, limits: Limits = DEFAULT_LIMITS): Promise<ParseOutcome> {
  try {
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
