/**
 * The mail service's review of one series as its thread stands: the series of the trigger
 * found in its thread, then the one review (src/pipeline). Pure: the caller loads the mails and
 * publishes the outcome.
 */
import { createHash } from 'node:crypto';
import type { Rule } from '../engine/rule.js';
import type { RuleCrash } from '../engine/run-rules.js';
import type { Finding } from '../model/finding.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import { assembleSeries } from '../series/assemble.js';
import { findingsOf, partialReasons, reviewPatches, type ReviewOptions } from '../pipeline/review-patches.js';
import { TOOL } from '../render/tool-info.js';

export interface PatchReview {
  readonly mail: PatchMail;
  /** What the reply says. */
  readonly findings: readonly Finding[];
  /** Findings already raised on an earlier version of the work, never explained again (split-persisting.ts). */
  readonly persisting: readonly { readonly finding: Finding; readonly since: number }[];
}

export interface ThreadReview {
  /** Series id (root Message-ID); null when the trigger is a lone mail outside any series. */
  readonly seriesId: string | null;
  readonly series: Series | null;
  readonly complete: boolean;
  /**
   * Every mail the review read, in order: the cover letter first when the series has one (its
   * prose is reviewed too), then the patches; or the trigger alone.
   */
  readonly patches: readonly PatchReview[];
  readonly crashes: readonly RuleCrash[];
  /** What the review did not read, per mail: past a diff limit (read in part) or past a series limit (not read). */
  readonly partial: readonly { readonly messageId: string | null; readonly reason: string }[];
}

/** Identity of the rule set: a review job id includes it, so new rules mean a new review. */
export function rulesetVersion(rules: readonly Rule[]): string {
  return createHash('sha256')
    .update([TOOL.version, ...rules.map((r) => r.id)].join('\n'))
    .digest('hex')
    .slice(0, 12);
}

/** The series holding the trigger mail, or null when it belongs to none. */
export function seriesOf(mails: readonly PatchMail[], isTrigger: (m: PatchMail) => boolean): Series | null {
  return (
    assembleSeries(mails).series.find((s) => (s.cover !== null && isTrigger(s.cover)) || s.patches.some(isTrigger)) ??
    null
  );
}

/**
 * Reviews the series of the trigger mail (`mails` is its whole thread, fully parsed), or the
 * trigger alone when it is in no series (a reply carrying a patch, an unnumbered mail), with
 * the one review every front end runs (src/pipeline/review-patches.ts): its cover letter and
 * patches, or the trigger, whichever that review takes.
 */
export function reviewThread(
  mails: readonly PatchMail[],
  isTrigger: (m: PatchMail) => boolean,
  options: ReviewOptions,
): ThreadReview {
  const series = seriesOf(mails, isTrigger);
  const candidates =
    series === null ? mails.filter(isTrigger) : [...(series.cover === null ? [] : [series.cover]), ...series.patches];
  const result = reviewPatches(candidates, () => series, options);
  return {
    seriesId: series?.id ?? null,
    series,
    complete: series?.complete ?? true,
    patches: result.reviewed.map((mail) => ({ mail, findings: findingsOf(result, mail), persisting: [] })),
    crashes: result.crashes,
    partial: [
      ...result.reviewed.flatMap((mail) =>
        partialReasons(mail).map((reason) => ({ messageId: mail.messageId, reason })),
      ),
      ...result.unreviewed.map(({ messageId, reason }) => ({ messageId, reason })),
    ],
  };
}
