import type { Severity } from '../model/finding.js';
import type { PlannedReply } from './plan-replies.js';
import type { ThreadReview } from './review-thread.js';

/** What a review job returns (and `dax-review rereview` prints): small, plain data. */
export interface ReviewSummary {
  readonly seriesId: string | null;
  readonly complete: boolean;
  readonly crashedRules: number;
  /** The cover letter's outcome (its prose is reviewed), null when the series has none. */
  readonly cover: ReviewedMail | null;
  readonly patches: readonly ReviewedMail[];
  /** What the review did not read (diff and series limits), per mail: the series was reviewed in part. */
  readonly partial: readonly { readonly messageId: string | null; readonly reason: string }[];
}

/** The outcome for one reviewed mail. */
export interface ReviewedMail {
  readonly messageId: string | null;
  readonly subject: string;
  readonly findings: readonly {
    rule: string;
    severity: Severity;
    file: string | null;
    line: number | null;
    message: string;
  }[];
  /** Findings already raised on an earlier version (`since`), not said again. */
  readonly persisting: readonly {
    rule: string;
    severity: Severity;
    file: string | null;
    line: number | null;
    since: number;
  }[];
  /** Message-ID of the reply queued for publishing, null when none. */
  readonly reply: string | null;
  readonly skipped: string | null;
}

export function summarizeReview(
  review: Pick<ThreadReview, 'seriesId' | 'complete' | 'crashes' | 'partial'>,
  planned: readonly PlannedReply[],
): ReviewSummary {
  const outcome = (p: PlannedReply): ReviewedMail => ({
    messageId: p.messageId,
    subject: p.subject,
    findings: p.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      file: f.file,
      line: f.line,
      message: f.message,
    })),
    persisting: p.persisting.map(({ finding, since }) => ({
      rule: finding.rule,
      severity: finding.severity,
      file: finding.file,
      line: finding.line,
      since,
    })),
    reply: p.reply?.messageId ?? null,
    skipped: p.skipped,
  });
  const cover = planned.find((p) => p.role === 'cover');
  return {
    seriesId: review.seriesId,
    complete: review.complete,
    crashedRules: review.crashes.length,
    cover: cover === undefined ? null : outcome(cover),
    patches: planned.filter((p) => p.role === 'patch').map(outcome),
    partial: review.partial,
  };
}
