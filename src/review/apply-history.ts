import { findingFingerprint } from '../model/finding-fingerprint.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { FindingLedger } from './ports.js';
import type { ThreadReview } from './review-thread.js';
import { splitPersisting } from './split-persisting.js';
import { workVersionOf } from './work-key.js';

/**
 * Records this version's findings in the work's history and moves those raised on an earlier
 * version to `persisting`. `trigger` names the work when the review has no series.
 */
export async function applyHistory(
  review: ThreadReview,
  trigger: PatchMail | null,
  history: FindingLedger,
): Promise<ThreadReview> {
  const work = workVersionOf(review.series, review.series === null ? trigger : null);
  if (work === null) return review;
  const fingerprints = [...new Set(review.patches.flatMap((p) => p.findings.map(findingFingerprint)))];
  const earliest = await history.record(work.key, work.version, fingerprints);
  return splitPersisting(review, earliest, work.version);
}
