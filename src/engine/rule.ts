import type { Citation, Confidence, Severity, Side } from '../model/finding.js';
import type { DiffFile } from '../model/diff.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';
import type { TargetEra } from '../era/target-era.js';

/**
 * What a rule looks at: 'diff' rules run on mails with a diff of their own; 'message' rules
 * read the prose too, so they also run on a mail without one (a cover letter).
 */
export type RuleScope = 'diff' | 'message';

export interface RuleMeta<MessageIds extends string> {
  readonly type: 'problem' | 'suggestion';
  readonly defaultSeverity: Severity;
  readonly scope: RuleScope;
  /** Semgrep-style: a low-confidence rule's findings are said but never fail a check (failsChecks). */
  readonly confidence: Confidence;
  readonly docs: {
    /** One line, imperative: 'Require …', 'Disallow …', 'Flag …' (no final period). */
    readonly description: string;
    /** The catalog title: what the rule flags, in one sentence. */
    readonly title: string;
  };
  /** Kernel / QEMU versions the rule applies to, in words ('v5.2+ (flag); v4.15-v5.1 …'). */
  readonly era: string;
  readonly citations: readonly Citation[];
  /**
   * The docs pages the rule rests on (docs/knowledge/*.md, relative to the package root): its
   * README links them and `dax-review explain` prints them.
   */
  readonly background: readonly string[];
  /** Message templates with {{placeholders}}. */
  readonly messages: Readonly<Record<MessageIds, string>>;
  /**
   * Prefilter (semgrep-style required strings): the rule can only fire on a patch whose text
   * (subject, commit message, notes or diff) contains one of these. The checker keeps only such
   * patches in full, so a rule must not need anything from patches without them. Absent: always run.
   */
  readonly triggers?: readonly string[];
  /**
   * More general rules this one speaks for: when both report the same place (same file, within
   * a few lines), only this rule's finding is kept, so the author reads one comment, the most
   * specific one (the vfio rule over the generic FOLL_LONGTERM rule, for instance).
   */
  readonly supersedes?: readonly string[];
}

/** Where in the patch a report points. */
export interface ReportLocation {
  readonly file: string | null;
  readonly line: number | null;
  readonly side: Side | null;
}

export interface ReportDescriptor<MessageIds extends string> {
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly at?: ReportLocation;
  /** The code line or sentence at issue, quoted in replies. */
  readonly excerpt?: string;
}

/** Everything a rule may read. Rules are pure: no I/O, no clock, no network. */
export interface RuleContext<MessageIds extends string = string> {
  readonly patch: PatchMail;
  /** The series the patch belongs to (a single patch is a series of one). */
  readonly series: Series | null;
  readonly cover: PatchMail | null;
  readonly diff: readonly DiffFile[];
  readonly commitMessage: string;
  /** The kernel tree the patch is judged against (config, subject tag, context APIs, date). */
  readonly era: TargetEra;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

export interface Rule<MessageIds extends string = string> {
  /** The rule's slug; stable (configs and SARIF baselines name it). */
  readonly id: string;
  readonly meta: RuleMeta<MessageIds>;
  /** Documentation page URL (defineRule fills it in under the default base; withDocsBase moves it). */
  readonly docsUrl: string;
  check(ctx: RuleContext<MessageIds>): void;
}
