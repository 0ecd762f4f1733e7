/**
 * The cheap path for a mail no rule can fire on: when no trigger can occur in its text
 * (rawMayMention) and whether it carries a diff is known from the raw bytes (rawHasDiff), it
 * gets the headers-only parse (parseHeadersOnly), which is what the checker and ingest keep of
 * such a mail anyway. mailparser's MIME parse, most of the checker's time, is skipped.
 */
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';
import { checkRawLimits } from '../limits/raw-limits.js';
import { assertLooksLikeMail } from '../mail/parse-message.js';
import { declaredCharsets } from '../mail/declared-charsets.js';
import { headersOnlyMail } from '../mail/parse-headers.js';
import { readRawMail } from '../mail/raw-mail.js';
import type { PatchMail } from '../model/patch-mail.js';
import { rawHasDiff } from './raw-diff.js';
import { triggerMatcher, viewsMention } from './raw-prefilter.js';
import { rawViews } from './raw-views.js';

export interface QuietMail {
  /** Header fields only (see parseHeadersOnly). */
  readonly mail: PatchMail;
  /** Whether the whole parse would find a diff of its own (`diffText !== null`). */
  readonly hasDiff: boolean;
}

/**
 * The headers-only parse of a mail none of `triggers` can occur in, or null when the mail needs
 * the whole parse (a trigger may occur, or only the MIME parse can tell whether it has a diff).
 * Throws what parseMessage throws before parsing (a size limit, not a mail at all).
 */
export function parseIfQuiet(
  raw: Buffer,
  source: string,
  triggers: readonly string[],
  limits: Limits = DEFAULT_LIMITS,
): QuietMail | null {
  if (raw.length > limits.messageBytes) checkRawLimits(raw, source, limits); // throws before the copy below
  const mail = readRawMail(raw);
  checkRawLimits(raw, source, limits, mail.text);
  assertLooksLikeMail(raw, source);
  const charsets = declaredCharsets(raw);
  const views = rawViews(mail, charsets);
  if (views === null || viewsMention(views, triggerMatcher(triggers))) return null;
  const hasDiff = rawHasDiff(mail, views);
  if (hasDiff === null) return null;
  return { mail: headersOnlyMail(mail, source, charsets), hasDiff };
}
