/**
 * Findings → the check run's conclusion, title, Markdown summary and line annotations. Pure;
 * src/github/check-run-publisher.ts sends it. Every finding is in the summary table (those
 * without a line in the head commit only there); findings on a new-side line also become
 * annotations.
 */
import { failsChecks, severityRank, type Finding, type Severity } from '../model/finding.js';
import { codeFence, escapeTableCell, markdownLink } from './markdown-escape.js';

/** The check-run conclusions a review may end in (github.conclusions in the service config). */
export const CHECK_CONCLUSIONS = ['success', 'neutral', 'failure', 'action_required'] as const;
export type CheckConclusion = (typeof CHECK_CONCLUSIONS)[number];
/** The conclusion by the worst severity found; `none` when nothing was found. */
export type ConclusionBySeverity = Readonly<Record<Severity | 'none', CheckConclusion>>;

/** GitHub: "output.summary: maximum 65535 characters" (REST, check runs; reviewdog check.go). */
export const MAX_SUMMARY_CHARS = 65_535;
/** GitHub: at most 50 annotations per create or update request; more are sent in later PATCHes. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** GitHub: annotation `message` and `raw_details` are limited to 64 KB each. */
export const MAX_ANNOTATION_BYTES = 64 * 1024;
/** GitHub: annotation `title` at most 255 characters. */
const MAX_ANNOTATION_TITLE = 255;

export interface CheckRunAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: 'notice' | 'warning' | 'failure';
  readonly title: string;
  readonly message: string;
  readonly raw_details?: string;
}

export interface RenderedCheckRun {
  readonly conclusion: CheckConclusion;
  readonly title: string;
  readonly summary: string;
  /** All of them; the sink sends them {@link ANNOTATIONS_PER_REQUEST} at a time. */
  readonly annotations: readonly CheckRunAnnotation[];
}

export interface CheckRunInput {
  readonly findings: readonly Finding[];
  /** Rules that crashed on this pull request (named in the summary). */
  readonly crashedRules?: readonly string[];
  /** What the review did not read (limits.diffFiles / diffLines): the run says it reviewed the PR in part. */
  readonly partial?: readonly string[];
}

const LEVEL: Readonly<Record<Severity, CheckRunAnnotation['annotation_level']>> = {
  error: 'failure',
  warning: 'warning',
  info: 'notice',
};

/** The severity that decides the conclusion: a low-confidence finding counts as info at most (failsChecks). */
function worst(findings: readonly Finding[]): Severity | null {
  let top: Severity | null = null;
  for (const f of findings) {
    const severity = failsChecks(f) ? f.severity : 'info';
    if (top === null || severityRank[severity] > severityRank[top]) top = severity;
  }
  return top;
}

const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? '' : 's'}`;

/** '2 findings: 1 error, 1 warning', or 'No findings'. */
export function checkRunTitle(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings';
  const counts = (['error', 'warning', 'info'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => (s === 'info' ? `${String(n)} info` : plural(n, s)));
  return `${plural(findings.length, 'finding')}: ${counts.join(', ')}`;
}

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
export function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const suffix = '…';
  let out = Buffer.from(text, 'utf8')
    .subarray(0, max - Buffer.byteLength(suffix))
    .toString('utf8');
  if (out.endsWith('\uFFFD')) out = out.slice(0, -1);
  return out + suffix;
}

function citationsText(f: Finding): string {
  return f.citations.map((c) => `${c.title}: ${c.url}`).join('\n');
}

function toAnnotation(f: Finding): CheckRunAnnotation | null {
  if (f.file === null || f.line === null || f.side !== 'new') return null;
  const details = [f.excerpt === null ? '' : `${f.excerpt}\n`, citationsText(f), `Rule documentation: ${f.docsUrl}`]
    .filter((s) => s !== '')
    .join('\n');
  return {
    path: f.file,
    start_line: f.line,
    end_line: f.line,
    annotation_level: LEVEL[f.severity],
    title: f.rule.slice(0, MAX_ANNOTATION_TITLE),
    message: truncateBytes(f.message, MAX_ANNOTATION_BYTES),
    raw_details: truncateBytes(details, MAX_ANNOTATION_BYTES),
  };
}

function tableRow(f: Finding): string {
  const where =
    f.file === null
      ? '_commit message_'
      : `${escapeTableCell(f.file)}${f.line === null ? '' : `:${String(f.line)}`}${f.side === 'old' ? ' _(removed line)_' : ''}`;
  return `| ${markdownLink(f.rule, f.docsUrl)} | ${f.severity} | ${where} | ${escapeTableCell(f.message)} |`;
}

function references(findings: readonly Finding[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of findings) {
    for (const c of f.citations) {
      if (seen.has(c.url)) continue;
      seen.add(c.url);
      lines.push(`- ${markdownLink(c.title, c.url)} (${escapeTableCell(f.rule)})`);
    }
  }
  return lines.length === 0 ? [] : ['', '### References', '', ...lines];
}

/**
 * The Markdown summary, at most {@link MAX_SUMMARY_CHARS}: when the table does not fit, rows
 * are dropped from the end and a note says how many (they are still annotations when they
 * have a line).
 */
export function checkRunSummary(input: CheckRunInput): string {
  const { findings } = input;
  const crashed = input.crashedRules ?? [];
  const partial = input.partial ?? [];
  const head =
    findings.length === 0
      ? ['dax-review found nothing to report in this pull request.']
      : ['| Rule | Severity | Where | Message |', '| --- | --- | --- | --- |'];
  const tail = [
    ...references(findings),
    ...(crashed.length === 0
      ? []
      : ['', `**Rules that crashed** (their findings are missing): ${crashed.map(escapeTableCell).join(', ')}`]),
    ...(partial.length === 0
      ? []
      : ['', `**Reviewed in part** (the rest was not read): ${partial.map(escapeTableCell).join('; ')}`]),
  ];
  const rows = findings.map(tableRow);
  const join = (kept: readonly string[], note: string[]): string => [...head, ...kept, ...note, ...tail].join('\n');
  let text = join(rows, []);
  if (text.length <= MAX_SUMMARY_CHARS) return text;
  const note = (n: number): string[] => [
    '',
    `_${plural(n, 'more finding')} not shown: GitHub limits this summary to 65,535 characters._`,
  ];
  let budget = MAX_SUMMARY_CHARS - join([], note(rows.length)).length;
  const kept: string[] = [];
  for (const r of rows) {
    if (r.length + 1 > budget) break;
    kept.push(r);
    budget -= r.length + 1;
  }
  text = join(kept, note(rows.length - kept.length));
  // The references alone could still be too long: cut hard, never over the limit.
  return text.length <= MAX_SUMMARY_CHARS ? text : `${text.slice(0, MAX_SUMMARY_CHARS - 1)}…`;
}

/** The whole check-run output for these findings. */
export function renderCheckRun(input: CheckRunInput, conclusions: ConclusionBySeverity): RenderedCheckRun {
  const top = worst(input.findings);
  return {
    conclusion: top === null ? conclusions.none : conclusions[top],
    title: checkRunTitle(input.findings),
    summary: checkRunSummary(input),
    annotations: input.findings.map(toAnnotation).filter((a) => a !== null),
  };
}

/** Annotations in request-sized batches (always at least one batch, possibly empty). */
export function annotationBatches<T>(annotations: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < annotations.length; i += size) batches.push(annotations.slice(i, i + size));
  return batches.length === 0 ? [[]] : batches;
}

/**
 * The output of a review that could not finish (the PR is gone, GitHub refused a request,
 * retries ran out): neutral, so a broken bot never blocks a merge, with the reason.
 */
export function renderReviewFailure(reason: string): RenderedCheckRun {
  return {
    conclusion: 'neutral',
    title: 'Review not completed',
    summary: `dax-review could not complete this review:\n\n${codeFence(reason.slice(0, 2000))}\n\nRe-run the check to try again.`,
    annotations: [],
  };
}
