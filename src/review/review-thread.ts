/**
 * The review of one series as its thread stands: rules on each patch with the series as
 * context, per-list settings, and findings a later patch of the series fixes dropped. Pure: the
 * caller loads the mails and publishes the outcome.
 */
import { createHash } from 'node:crypto';
import { settingsFor, severityFor, type ProjectConfig } from '../config/project-config.js';
import { dropFixedLater } from '../engine/drop-fixed-later.js';
import type { Rule } from '../engine/rule.js';
import { runRules, type RuleCrash } from '../engine/run-rules.js';
import type { Finding } from '../model/finding.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import { assembleSeries } from '../series/assemble.js';
import { rulesFor } from '../check/select-rules.js';
import { TOOL } from '../report/tool-info.js';

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
  /** Every message reviewed (series members with a diff, in order). */
  readonly members: readonly PatchMail[];
  readonly patches: readonly PatchReview[];
  readonly crashes: readonly RuleCrash[];
}

/** Identity of the rule set: a review job id includes it, so new rules mean a new review. */
export function rulesetVersion(rules: readonly Rule[]): string {
  return createHash('sha256').update([TOOL.version, ...rules.map((r) => r.id)].join('\n')).digest('hex').slice(0, 12);
}

/** The series holding the trigger mail, or null when it belongs to none. */
export function seriesOf(mails: readonly PatchMail[], isTrigger: (m: PatchMail) => boolean): Series | null {
  return assembleSeries(mails).series.find((s) => (s.cover !== null && isTrigger(s.cover)) || s.patches.some(isTrigger)) ?? null;
}

export interface ReviewOptions {
  readonly rules: readonly Rule[];
  readonly config: ProjectConfig;
}

/**
 * Reviews the series of the trigger mail (`mails` is its whole thread, fully parsed), or the
 * trigger alone when it is in no series (a reply carrying a patch, an unnumbered mail).
 */
export function reviewThread(mails: readonly PatchMail[], isTrigger: (m: PatchMail) => boolean, options: ReviewOptions): ThreadReview {
  const series = seriesOf(mails, isTrigger);
  const members = series === null ? mails.filter(isTrigger) : series.patches;
  const findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  for (const mail of members) {
    if (mail.diffText === null) continue;
    const settings = settingsFor(options.config, mail.listId);
    const active = rulesFor(options.rules, mail).filter((r) => severityFor(settings, r.id, r.meta.defaultSeverity) !== null);
    const result = runRules(active, { patch: mail, series, target: settings.target });
    for (const f of result.findings) findings.push({ ...f, severity: severityFor(settings, f.rule, f.severity) ?? f.severity });
    crashes.push(...result.crashes);
  }
  const kept = series === null ? findings : dropFixedLater(findings, new Map(series.patches.map((p) => [p.source, series])));
  return {
    seriesId: series?.id ?? null,
    series,
    complete: series?.complete ?? true,
    members,
    patches: members.map((mail) => ({ mail, findings: kept.filter((f) => f.source === mail.source), persisting: [] })),
    crashes,
  };
}
