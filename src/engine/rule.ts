import type { CodeFragment, FragmentLine } from '../c/fragment.js';
import type { CallSite } from '../c/scope.js';
import type { TextUnit } from '../c/text-units.js';
import type { Token } from '../c/tokenize.js';
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

/** A report in code: the location (and, unless given, the excerpt) comes from where it points. */
export type CodeReportDescriptor<MessageIds extends string> = Omit<ReportDescriptor<MessageIds>, 'at'>;

export interface CodeFileOptions {
  /** The side the rule reads (default 'new'): only files that exist on it. */
  readonly side?: Side;
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
  /** The diff's source files with hunks on the side asked for (src/c/code-file.ts); rules narrow further by path. */
  codeFiles(options?: CodeFileOptions): readonly DiffFile[];
  /** One side of a file as code (lexed once per file and side, shared by every rule). */
  code(file: DiffFile, side: Side): CodeFragment;
  /**
   * Report at a call: its first added line (a call the patch only extends points at the new
   * argument), else the line of its name; the excerpt defaults to the call's text.
   */
  reportAt(code: CodeFragment, site: CallSite, descriptor: CodeReportDescriptor<MessageIds>): void;
  /** Report at the line a token starts on; the excerpt defaults to that line. */
  reportAtToken(code: CodeFragment, token: Token, descriptor: CodeReportDescriptor<MessageIds>): void;
  /** Report at a line of `code` (on its side); the excerpt defaults to the line. */
  reportAtLine(code: CodeFragment, line: FragmentLine, descriptor: CodeReportDescriptor<MessageIds>): void;
  /** Report at line `index` of a text unit (a hunk's new side, or the commit message); the excerpt defaults to that line. */
  reportAtTextLine(unit: TextUnit, index: number, descriptor: CodeReportDescriptor<MessageIds>): void;
}

export interface Rule<MessageIds extends string = string> {
  /** The rule's slug; stable (configs and SARIF baselines name it). */
  readonly id: string;
  readonly meta: RuleMeta<MessageIds>;
  /** Documentation page URL (defineRule fills it in under the default base; withDocsBase moves it). */
  readonly docsUrl: string;
  check(ctx: RuleContext<MessageIds>): void;
}
