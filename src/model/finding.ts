export type Severity = 'error' | 'warning' | 'info';

export const severityRank: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export interface Citation {
  readonly title: string;
  /** Commit id, documentation path or Message-ID when there is one. */
  readonly ref?: string;
  readonly url: string;
}

export type Side = 'new' | 'old';

/** How sure the rule is of what it says (RuleMeta.confidence). */
export type Confidence = 'high' | 'medium' | 'low';

/** One thing a rule says about one patch. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly messageId: string | null;
  readonly subject: string;
  /** The source of the patch mail (file and position), for local reports. */
  readonly source: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly side: Side | null;
  readonly message: string;
  readonly citations: readonly Citation[];
  /** Documentation page of the rule. */
  readonly docsUrl: string;
  /** The code line (or sentence) at issue, for quoting in replies. */
  readonly excerpt: string | null;
  /** The function the line at issue sits in, when the diff shows one (finding-symbol.ts). */
  readonly symbol: string | null;
  /** The rule's confidence: a low-confidence finding is said, but never fails a check (failsChecks). */
  readonly confidence: Confidence;
}

/**
 * Whether the finding may fail a check (`check --fail-on`, a GitHub check run's conclusion):
 * semgrep's convention, low-confidence findings are reported but never fail anything.
 */
export const failsChecks = (f: Pick<Finding, 'confidence'>): boolean => f.confidence !== 'low';
