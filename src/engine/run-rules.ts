import { symbolAt } from './finding-symbol.js';
import type { Finding } from '../model/finding.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import type { ReportDescriptor, Rule, RuleContext } from './rule.js';
import { formatMessage } from './format-message.js';
import { codeHelpers } from './rule-context.js';
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
    const report = (d: ReportDescriptor<string>): void => {
      findings.push(toFinding(rule, patch, d));
    };
    const ctx: RuleContext = {
      patch,
      series,
      cover: series?.cover ?? null,
      diff: patch.diff,
      commitMessage: patch.commitMessage,
      era,
      report,
      ...codeHelpers(patch.diff, report),
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
  return { findings: dropSuperseded(rules, findings), crashes };
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
    symbol: symbolAt(patch.diff, d.at?.file ?? null, d.at?.line ?? null, d.at?.side ?? null),
    confidence: rule.meta.confidence,
  };
}

/** Lines apart that still count as "the same place" (a call and its flag argument, say). */
const SAME_PLACE_LINES = 5;

/** Keeps the most specific finding where a rule that supersedes another reports the same place. */
export function dropSuperseded(rules: readonly Rule[], findings: readonly Finding[]): Finding[] {
  const supersedes = new Map(rules.map((r) => [r.id, new Set(r.meta.supersedes ?? [])]));
  const samePlace = (a: Finding, b: Finding): boolean =>
    a.file === b.file &&
    (a.line === null || b.line === null ? a.line === b.line : Math.abs(a.line - b.line) <= SAME_PLACE_LINES);
  return findings.filter(
    (f) => !findings.some((g) => g !== f && supersedes.get(g.rule)?.has(f.rule) === true && samePlace(f, g)),
  );
}
