/**
 * The review: the one loop every front end runs (the offline checker, the mail service's review
 * job, the GitHub review). Which mails are reviewed, which rules look at each, with which
 * settings, and which findings the series as a whole no longer has are decided here and only
 * here, so the same mail gets the same findings however it arrived
 * (test/integration/front-end-equivalence.int.test.ts). Pure: loading the mails and publishing
 * the outcome are the front ends' work.
 */
import { settingsFor, severityFor, type ProjectConfig } from '../config/project-config.js';
import { dropFixedLater } from '../engine/drop-fixed-later.js';
import type { Rule } from '../engine/rule.js';
import { runRules, type RuleCrash } from '../engine/run-rules.js';
import type { KernelVersion } from '../era/kernel-version.js';
import type { Finding } from '../model/finding.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import { rulesFor } from './prefilter.js';

export interface ReviewOptions {
  readonly rules: readonly Rule[];
  readonly config: ProjectConfig;
  /** Kernel tree to judge every patch against (`check --target`); absent: each list's configured target. */
  readonly target?: KernelVersion | null;
  /** Milliseconds, for limits.reviewMs. @defaultValue performance.now */
  readonly clock?: () => number;
}

/** A mail the review left out (limits.seriesPatches, limits.reviewMs), and why. */
export interface UnreviewedMail {
  readonly source: string;
  readonly messageId: string | null;
  readonly reason: string;
}

export interface ReviewResult {
  /** The mails the rules ran on, in the order given. */
  readonly reviewed: readonly PatchMail[];
  /** What the review says, in the order of `reviewed`; findings a later patch of the series fixes are dropped. */
  readonly findings: readonly Finding[];
  readonly crashes: readonly RuleCrash[];
  /** Reviewable mails left out by a limit; their series is reviewed in part. */
  readonly unreviewed: readonly UnreviewedMail[];
}

/**
 * The cover-letter policy, and what else is reviewed: a mail with a diff of its own, and any
 * posting of a patch or a series (a `[PATCH …]` subject that is not a reply), which is how a
 * cover letter's prose (the MAP_SYNC persistence claim) is read. Replies without a diff are
 * discussion: never reviewed, so never answered.
 */
export function isReviewable(mail: PatchMail): boolean {
  return mail.diffText !== null || (mail.subject.isPatch && !mail.subject.isReply);
}

/**
 * Reviews each reviewable mail of `mails` (whole parses; `seriesOf` gives the series a mail
 * belongs to, its context) with the rules its text lets through that its list has not switched
 * off, at the list's severities, then drops the findings a later patch of the same series
 * removes the code of. Per series, at most limits.seriesPatches patches and limits.reviewMs of
 * rule time: what is past them is listed in `unreviewed`, never silently skipped.
 */
export function reviewPatches(
  mails: readonly PatchMail[],
  seriesOf: (mail: PatchMail) => Series | null,
  options: ReviewOptions,
): ReviewResult {
  const { seriesPatches, reviewMs } = options.config.limits;
  const clock = options.clock ?? (() => performance.now());
  const reviewed: PatchMail[] = [];
  const findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  const unreviewed: UnreviewedMail[] = [];
  const seriesOfSource = new Map<string, Series>();
  // Rule time spent per series (a lone mail is a series of its own).
  const spent = new Map<Series | PatchMail, number>();
  for (const mail of mails) {
    if (!isReviewable(mail)) continue;
    const settings = settingsFor(options.config, mail.listId);
    // A mail without a diff (a cover letter) is prose: only the rules that read prose run on it.
    const active = rulesFor(options.rules, mail).filter(
      (r) =>
        (mail.diffText !== null || r.meta.scope === 'message') &&
        severityFor(settings, r.id, r.meta.defaultSeverity) !== null,
    );
    const series = seriesOf(mail);
    const budgetKey = series ?? mail;
    // Only a mail some rule would read can be left out by a limit (a quiet one has nothing to miss).
    const index = mail.subject.index ?? 0;
    const past =
      active.length === 0
        ? null
        : series !== null && index > seriesPatches
          ? `patch ${String(index)} of ${String(series.total)} is past limits.seriesPatches (${String(seriesPatches)})`
          : (spent.get(budgetKey) ?? 0) >= reviewMs
            ? `its series used up limits.reviewMs (${String(reviewMs)} ms of rule time)`
            : null;
    if (past !== null) {
      unreviewed.push({ source: mail.source, messageId: mail.messageId, reason: `not reviewed: ${past}` });
      continue;
    }
    reviewed.push(mail);
    if (active.length === 0) continue;
    if (series !== null) seriesOfSource.set(mail.source, series);
    const started = clock();
    const result = runRules(active, { patch: mail, series, target: options.target ?? settings.target });
    spent.set(budgetKey, (spent.get(budgetKey) ?? 0) + clock() - started);
    for (const f of result.findings)
      findings.push({ ...f, severity: severityFor(settings, f.rule, f.severity) ?? f.severity });
    crashes.push(...result.crashes);
  }
  return { reviewed, findings: dropFixedLater(findings, seriesOfSource), crashes, unreviewed };
}

/** The `partial: …` notes the diff limits leave in a mail's warnings (src/diff/cap-diff.ts). */
const PARTIAL = 'partial: ';

/** What of the mail's diff the review did not read (limits.diffFiles, limits.diffLines); empty when it read all. */
export const partialReasons = (mail: PatchMail): string[] =>
  mail.warnings.filter((w) => w.startsWith(PARTIAL)).map((w) => w.slice(PARTIAL.length));

/** The findings of one reviewed mail. */
export const findingsOf = (result: ReviewResult, mail: PatchMail): Finding[] =>
  result.findings.filter((f) => f.source === mail.source);
