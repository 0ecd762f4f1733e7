import type { PatchMail } from '../model/patch-mail.js';
import { compareKernel, kernel, type KernelVersion } from './kernel-version.js';
import { kernelInDevelopmentOn } from './release-dates.js';
import { atLeast, type TargetEra } from './target-era.js';

/**
 * Era questions a rule can answer without guessing. A tree named by configuration or a subject tag
 * is exact; an era read from the mail's date is not: a feature patch posted during the -rc weeks
 * of vX targets vX+1, and one posted in the two-week merge window of vX is often still based on
 * vX-1. Rules that call an API "removed" or "not yet there" use these bounds so that a date near a
 * release boundary keeps them silent (precision over recall).
 */

/** The merge window: about two weeks after a release, trees are still based on the previous one. */
const MERGE_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;
/** Mainline numbering: v4.20 was followed by v5.0, v5.19 by v6.0. */
const LAST_MINOR: Readonly<Record<number, number>> = { 3: 19, 4: 20, 5: 19 };

/** The release after `v`. */
export function nextKernel(v: KernelVersion): KernelVersion {
  return LAST_MINOR[v.major] === v.minor ? { major: v.major + 1, minor: 0 } : { major: v.major, minor: v.minor + 1 };
}

// `commit <sha> upstream.` (stable), `[ Upstream commit <sha> ]`, `(cherry picked from commit <sha>)`.
const BACKPORT =
  /^\s*(?:\[\s*)?(?:commit [0-9a-f]{12,40} upstream|upstream commit [0-9a-f]{12,40}|\(cherry picked from commit [0-9a-f]{12,40})/im;

/** The patch says it is a backport of a mainline commit, so its tree may be much older than its date. */
export function isBackport(mail: PatchMail): boolean {
  return BACKPORT.test(mail.commitMessage) || BACKPORT.test(mail.notes);
}

const exact = (era: TargetEra): boolean => era.basis === 'config' || era.basis === 'tag';

/**
 * The target tree surely has release `literal` (v5.6 = has everything merged for v5.6). Exact eras
 * answer directly; a date-based era must hold even for a tree based on the release before a merge
 * window, and a backport without a tree tag never qualifies.
 */
export function surelyAtLeast(era: TargetEra, literal: string, mail: PatchMail): boolean {
  if (exact(era)) return atLeast(era, literal);
  if (!atLeast(era, literal) || isBackport(mail)) return false;
  if (era.basis !== 'date' || mail.date === null) return true;
  const before = new Date(Date.parse(mail.date) - MERGE_WINDOW_DAYS * DAY_MS).toISOString();
  return compareKernel(kernelInDevelopmentOn(before), kernel(literal)) >= 0;
}

/**
 * The target tree surely predates release `literal`. Exact eras answer directly; otherwise even the
 * release after the era (what a feature patch posted during the -rc weeks targets) must predate it.
 */
export function surelyBefore(era: TargetEra, literal: string): boolean {
  if (exact(era)) return !atLeast(era, literal);
  if (era.basis === 'default') return false;
  return compareKernel(nextKernel(era.kernel), kernel(literal)) < 0;
}
