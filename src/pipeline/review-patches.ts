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
}

export interface ReviewResult {
  /** The mails the rules ran on, in the order given. */
  readonly reviewed: readonly PatchMail[];
  /** What the review says, in the order of `reviewed`; findings a later patch of the series fixes are dropped. */
  readonly findings: readonly Finding[];
  readonly crashes: readonly RuleCrash[];
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
 * removes the code of.
 */
export function reviewPatches(mails: readonly PatchMail[], seriesOf: (mail: PatchMail) => Series | null, options: ReviewOptions): ReviewResult {
  const reviewed: PatchMail[] = [];
  const findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  const seriesOfSource = new Map<string, Series>();
  for (const mail of mails) {
    if (!isReviewable(mail)) continue;
    reviewed.push(mail);
    const settings = settingsFor(options.config, mail.listId);
    // A mail without a diff (a cover letter) is prose: only the rules that read prose run on it.
    const active = rulesFor(options.rules, mail)
      .filter((r) => (mail.diffText !== null || r.meta.scope === 'message') && severityFor(settings, r.id, r.meta.defaultSeverity) !== null);
    if (active.length === 0) continue;
    const series = seriesOf(mail);
    if (series !== null) seriesOfSource.set(mail.source, series);
    const result = runRules(active, { patch: mail, series, target: options.target ?? settings.target });
    for (const f of result.findings) findings.push({ ...f, severity: severityFor(settings, f.rule, f.severity) ?? f.severity });
    crashes.push(...result.crashes);
  }
  return { reviewed, findings: dropFixedLater(findings, seriesOfSource), crashes };
}

/** The findings of one reviewed mail. */
export const findingsOf = (result: ReviewResult, mail: PatchMail): Finding[] => result.findings.filter((f) => f.source === mail.source);
