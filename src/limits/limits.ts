/**
 * Resource limits on hostile input: one zod section, `limits:`, shared by the checker's project
 * configuration and the service configuration. Past a size limit the mail is refused (listed as
 * unparsed / a permanent failure naming the limit); past a diff limit it is reviewed partially,
 * with a note in its warnings. The table of limits is in README.md.
 */
import { z } from 'zod';

const Count = z.number().int().min(1);

export const Limits = z
  .object({
    /** Raw size of one message; checked before any MIME parsing. */
    messageBytes: Count.default(10 * 1024 * 1024),
    /** The header block (up to the first empty line). */
    headerBytes: Count.default(256 * 1024),
    /** Nested multiparts (distinct MIME boundaries declared). */
    mimeDepth: Count.default(8),
    /** MIME parts (boundary delimiter lines). */
    mimeParts: Count.default(500),
    /** Diff lines (hunk body lines) reviewed per patch; the rest is not reviewed. */
    diffLines: Count.default(100_000),
    /** Files reviewed per patch. */
    diffFiles: Count.default(1000),
    /** Findings explained in one reply (a digest counts all of its patches'); the rest are counted, not shown. */
    findingsPerReply: Count.default(20),
    /** Patches reviewed per series (by index; the cover letter always); the rest are listed as not reviewed. */
    seriesPatches: Count.default(300),
    /**
     * Milliseconds of rule time per series: once a series has used them, its remaining mails are
     * listed as not reviewed. Checked between mails (rules are synchronous: one mail's rules run to the end).
     */
    reviewMs: Count.default(30_000),
  })
  .strict();
export type Limits = z.infer<typeof Limits>;

export const DEFAULT_LIMITS: Limits = Object.freeze(Limits.parse({}));

/** An input refused because it is past a limit: the reason names the input and the limit. */
export class LimitError extends Error {
  override readonly name = 'LimitError';
  constructor(
    readonly source: string,
    readonly limit: keyof Limits,
    readonly value: number,
    readonly max: number,
  ) {
    super(`${source}: refused: ${value} ${UNITS[limit]} is past limits.${limit} (${max})`);
  }
}

const UNITS: Record<keyof Limits, string> = {
  messageBytes: 'bytes',
  headerBytes: 'header bytes',
  mimeDepth: 'nested multiparts',
  mimeParts: 'MIME parts',
  diffLines: 'diff lines',
  diffFiles: 'diff files',
  findingsPerReply: 'findings',
  seriesPatches: 'patches',
  reviewMs: 'ms',
};
