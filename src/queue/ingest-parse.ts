/**
 * What ingest makes of one raw mail, ready to store: the headers-only record (object and JSON)
 * and, for the mails a review reads whole (see needsFullMail) and some rule can fire on, the
 * whole parse as deflated JSON.
 *
 * The rule prefilter is the checker's (mentionsAny over the rules' triggerUnion, as parseOne
 * decides in src/check): a mail whose text names no trigger of any rule can never get a finding,
 * so, as in the checker, its diff model is never built and no whole parse of it is stored; its
 * record says so (`quietFor`: the rule set under which it is quiet), so a series made only of
 * such mails needs no review, and a review that does read it uses its record. Mails a review
 * never reads whole (replies without a patch: most of a list) are not even searched. A mail the
 * raw bytes already tell is quiet (parseIfQuiet: no trigger can occur in it, and whether it has
 * a diff is known) gets the headers-only parse, which is all its record holds anyway.
 */
import { promisify } from 'node:util';
import { deflateRaw } from 'node:zlib';
import { mentionsAny } from '../pipeline/prefilter.js';
import { parseDiff } from '../diff/parse-diff.js';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits.js';
import type { PatchMail } from '../model/patch-mail.js';
import { messageKeyOf, needsFullMail, slimMail, type MessageRecord } from './message-store.js';
import type { QuietMail } from '../pipeline/quiet-parse.js';
import { parseRaw, parseRawIfQuiet } from './parse-raw.js';

// On libuv's thread pool, beside the event loop.
const deflate = promisify(deflateRaw);

export interface IngestRefs {
  readonly blob: string;
  readonly sourceId: string;
  readonly itemKey: string;
}

/** The rule prefilter: the union of the rules' triggers (null: some rule has none, every mail is kept whole) and the rule set's id. */
export interface IngestPrefilter {
  readonly triggers: readonly string[] | null;
  readonly ruleset: string;
}

export interface PreparedMessage {
  readonly record: MessageRecord;
  readonly recordJson: string;
  /** The whole parse, deflated JSON; null when the review never needs more than the record. */
  readonly packed: Buffer | null;
}

/**
 * Parses and serializes; a mail that cannot be parsed throws PermanentError (parseRaw's).
 * Without a prefilter (or with null triggers: some rule has none) every mail is parsed whole.
 */
export async function prepareMessage(
  raw: Buffer,
  refs: IngestRefs,
  prefilter: IngestPrefilter | null = null,
  limits: Limits = DEFAULT_LIMITS,
): Promise<PreparedMessage> {
  const triggers = prefilter?.triggers ?? null;
  const source = `${refs.sourceId}#${refs.itemKey}`;
  const quietMail =
    prefilter === null || triggers === null ? null : await parseRawIfQuiet(raw, source, triggers, limits);
  if (prefilter !== null && quietMail !== null) return prepared(quietRecord(quietMail, refs, prefilter.ruleset), null);
  // The diff model is built only for the mails kept whole (parseOne's way).
  const parsed = await parseRaw(raw, source, { diffModel: triggers === null, limits });
  const wanted = needsFullMail(parsed);
  const quiet = wanted && triggers !== null && !mentionsAny(parsed, triggers);
  let mail: PatchMail = parsed;
  if (wanted && !quiet && triggers !== null && parsed.diffText !== null) {
    const warnings = [...parsed.warnings];
    mail = { ...parsed, diff: parseDiff(parsed.diffText, warnings, limits), warnings };
  }
  const record: MessageRecord = {
    key: messageKeyOf(mail, refs.blob),
    blob: refs.blob,
    sourceId: refs.sourceId,
    itemKey: refs.itemKey,
    mail: slimMail(mail),
    hasDiff: mail.diffText !== null,
    ...(quiet && prefilter !== null ? { quietFor: prefilter.ruleset } : {}),
  };
  return prepared(record, wanted && !quiet ? await deflate(JSON.stringify(mail), { level: 1 }) : null);
}

/** The record of a mail the raw bytes tell is quiet: what the whole parse would give it. */
function quietRecord({ mail, hasDiff }: QuietMail, refs: IngestRefs, ruleset: string): MessageRecord {
  return {
    key: messageKeyOf(mail, refs.blob),
    blob: refs.blob,
    sourceId: refs.sourceId,
    itemKey: refs.itemKey,
    mail: slimMail(mail),
    hasDiff,
    ...(needsFullMail(mail, hasDiff) ? { quietFor: ruleset } : {}),
  };
}

const prepared = (record: MessageRecord, packed: Buffer | null): PreparedMessage => ({
  record,
  recordJson: JSON.stringify(record),
  packed,
});
