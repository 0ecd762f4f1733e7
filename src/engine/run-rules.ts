import type { Finding } from '../model/finding.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import type { ReportDescriptor, Rule, RuleContext } from './rule.js';
import { formatMessage } from './format-message.js';
import type { KernelVersion } from '../era/kernel-version.js';
import { targetEra } from '../era/target-era.js';

/** A rule that threw: reported, never fatal for the other rules (ESLint "Occurred while linting"). */
export interface RuleCrash {
  readonly rule: string;
  readonly messageId: string | null;
  readonly source: string;
  readonly error: string;
}

export interface RunResult {
  readonly findings: Finding[];
  readonly crashes: RuleCrash[];
}

export interface RunInput {
  readonly patch: PatchMail;
  readonly series: Series | null;
  /** Configured target tree (`--target`); null: decide from the patch. */
  readonly target?: KernelVersion | null;
}

/** Runs every rule on one patch; a throwing rule is recorded and the others still run. */
export function runRules(rules: readonly Rule[], input: RunInput): RunResult {
  const findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  const { patch, series } = input;
  const era = targetEra(patch, input.target ?? null);
  for (const rule of rules) {
    const ctx: RuleContext = {
      patch,
      series,
      cover: series?.cover ?? null,
      diff: patch.diff,
      commitMessage: patch.commitMessage,
      era,
      report(d: ReportDescriptor<string>) {
        findings.push(toFinding(rule, patch, d));
      },
    };
    try {
      rule.check(ctx);
    } catch (err) {
      crashes.push({
        rule: rule.id,
        messageId: patch.messageId,
        source: patch.source,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    }
  }
  return { findings, crashes };
}

function toFinding(rule: Rule, patch: PatchMail, d: ReportDescriptor<string>): Finding {
  const template = rule.meta.messages[d.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${d.messageId}"`);
  return {
    rule: rule.id,
    severity: rule.meta.defaultSeverity,
    messageId: patch.messageId,
    subject: patch.subject.raw,
    source: patch.source,
    file: d.at?.file ?? null,
    line: d.at?.line ?? null,
    side: d.at?.side ?? null,
    message: formatMessage(template, d.data ?? {}),
    citations: rule.meta.citations,
    docsUrl: rule.docsUrl,
    excerpt: d.excerpt ?? null,
  };
}
