import { parseDiff } from '../diff/parse-diff.js';
import { parseMessage } from '../mail/parse-message.js';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { ParseOutcome } from './parsed-item.js';

/** Does any of the trigger strings occur in the mail's own text? */
export function mentionsAny(mail: PatchMail, triggers: readonly string[]): boolean {
  const texts = [mail.subject.raw, mail.commitMessage, mail.notes, mail.diffText ?? ''];
  return triggers.some((t) => texts.some((x) => x.includes(t)));
}

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
