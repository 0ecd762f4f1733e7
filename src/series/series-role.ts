/**
 * What part a mail can play in a series, judged from its subject alone (the caller may pass
 * slimmed mails whose diff was dropped, so "has a diff" is not available here).
 */
import type { SubjectInfo } from '../model/patch-mail.js';

/**
 * - `cover`: `[PATCH 0/N]` (also `000/110`, `[PULL 00/28]`, `[RFC 00/10]`).
 * - `numbered`: `[PATCH n/N]` with n ≥ 1.
 * - `single`: a patch tag without a counter (`[PATCH]`, `[PATCH v2]`, `[GIT PULL]`): a series of one.
 * - `none`: replies, mails without a patch tag, announcements. Never a series member.
 */
export type SeriesRole = 'cover' | 'numbered' | 'single' | 'none';

/**
 * Tag words of mails that announce several series at once rather than carry one (nvdimm:
 * `[PATCH BUNDLE v9] famfs: …` heads a thread holding three separate covers, `[PATCHSETS] v14
 * fsdax-rmap + v11 fsdax-reflink`). Treating them as a one-patch series would make a series of
 * a mail that has no diff and whose real content lives in other series.
 */
const ANNOUNCEMENT_WORDS: ReadonlySet<string> = new Set(['BUNDLE', 'PATCHSETS']);

/** True for `[PATCH BUNDLE …]` / `[PATCHSETS]` announcements (see {@link ANNOUNCEMENT_WORDS}). */
export function isAnnouncement(subject: SubjectInfo): boolean {
  return subject.tags.some((w) => ANNOUNCEMENT_WORDS.has(w.toUpperCase()));
}

/** Classifies a mail by its subject; see {@link SeriesRole}. */
export function seriesRoleOf(subject: SubjectInfo): SeriesRole {
  if (subject.isReply || !subject.isPatch || isAnnouncement(subject)) return 'none';
  if (subject.index === null || subject.total === null) return 'single';
  return subject.index === 0 ? 'cover' : 'numbered';
}

/**
 * What members of one series must agree on: version and N. RFC / RESEND / sub-project flags
 * are deliberately left out, so a sender who tags the cover `[PATCH RFC 0/3]` but the patches
 * `[PATCH 1/3]` still gets one series; a real re-post of the same version shows up as index
 * collisions instead, which split it off (see split-collisions.ts). canJoin (can-join.ts) allows
 * one exception: an untagged patch under a versioned cover.
 */
export function seriesKeyOf(subject: SubjectInfo): string {
  return `v${subject.version}/${subject.total ?? 1}`;
}
