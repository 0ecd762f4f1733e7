export type Severity = 'error' | 'warning' | 'info';

export const severityRank: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export interface Citation {
  readonly title: string;
  /** Commit id, documentation path or Message-ID when there is one. */
  readonly ref?: string;
  readonly url: string;
}

export type Side = 'new' | 'old';

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
}
