import { findingFingerprint } from '../model/finding-fingerprint.js';
import type { ThreadReview } from './review-thread.js';

/**
 * Versions: a finding first raised on an earlier version of the same work (and unchanged: the
 * fingerprint is rule + file + code, not line numbers) is not said again; it moves to
 * `persisting` with the version it was first raised on. `earliest` maps fingerprints to that
 * version (0: never raised). Whether the reply lists them briefly is the reply's business
 * (planReplies, `versions.repeatPersisting`); they are never explained again in full.
 */
export function splitPersisting(
  review: ThreadReview,
  earliest: ReadonlyMap<string, number>,
  version: number,
): ThreadReview {
  return {
    ...review,
    patches: review.patches.map((p) => {
      const since = (f: (typeof p.findings)[number]): number => earliest.get(findingFingerprint(f)) ?? 0;
      const old = p.findings.filter((f) => since(f) > 0 && since(f) < version);
      return {
        ...p,
        findings: p.findings.filter((f) => !old.includes(f)),
        persisting: old.map((finding) => ({ finding, since: since(finding) })),
      };
    }),
  };
}
