import type { PatchMail } from '../model/patch-mail.js';
import type { UnparsedItem } from '../render/check-report.js';

/** A message that could not be parsed (the report's unparsed list). */
export type { UnparsedItem };

/** One input message after parsing, as the checker pipeline carries it. */
export interface ParsedItem {
  /** Position in the input stream (0-based): results are reported in input order. */
  readonly seq: number;
  readonly source: string;
  /**
   * The parsed mail. For messages no rule can fire on (see RuleMeta.triggers) it is slimmed:
   * header fields and subject only, prose and diff dropped, so that a whole archive fits in memory.
   */
  readonly mail: PatchMail;
  /** The message carries a diff of its own (not a quoted one). */
  readonly hasDiff: boolean;
  /** Kept in full because its text contains a rule trigger (or no prefilter applies). */
  readonly full: boolean;
}

export type ParseOutcome = ParsedItem | UnparsedItem;

export const isParsed = (o: ParseOutcome): o is ParsedItem => 'mail' in o;
