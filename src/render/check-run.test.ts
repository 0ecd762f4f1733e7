import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../model/finding.js';
import { GithubConfig } from '../github/github-config.js';
import { annotationBatches, MAX_SUMMARY_CHARS, renderCheckRun, truncateBytes } from './check-run.js';

const conclusions = GithubConfig.parse({}).conclusions;

function finding(n: number, over: Partial<Finding> = {}): Finding {
  return {
    rule: 'pin-unpin-mismatch',
    severity: 'warning',
    messageId: 'm',
    subject: 's',
    source: 'src',
    file: 'mm/gup.c',
    line: n,
    side: 'new',
    message: `message ${String(n)}`,
    citations: [{ title: 'Doc', url: 'https://docs.kernel.org/core-api/pin_user_pages.html' }],
    docsUrl: 'https://example.org/rules/pin-unpin-mismatch',
    excerpt: `line ${String(n)}`,
    symbol: null,
    confidence: 'high',
    ...over,
  };
}

describe('renderCheckRun', () => {
  it('says when the pull request was reviewed in part', () => {
    const reason = 'the diff has 1200 files; the first 1000 reviewed (limits.diffFiles)';
    // The reason is escaped as Markdown, like every text the summary quotes.
    expect(renderCheckRun({ findings: [], partial: [reason] }, conclusions).summary).toContain(
      '**Reviewed in part** (the rest was not read): the diff has 1200 files; the first 1000 reviewed \\(limits\\.diffFiles\\)',
    );
    expect(renderCheckRun({ findings: [] }, conclusions).summary).not.toContain('Reviewed in part');
  });

  it('a low-confidence finding is annotated but never fails the run: it counts as info', () => {
    const low = renderCheckRun({ findings: [finding(3, { severity: 'error', confidence: 'low' })] }, conclusions);
    expect(low.conclusion).toBe(conclusions.info);
    expect(low.annotations).toHaveLength(1);
    const high = renderCheckRun(
      { findings: [finding(3, { severity: 'error' }), finding(4, { severity: 'warning', confidence: 'low' })] },
      conclusions,
    );
    expect(high.conclusion).toBe('failure');
  });

  it('no findings: success, "No findings", no annotations', () => {
    const r = renderCheckRun({ findings: [] }, conclusions);
    expect(r).toMatchObject({ conclusion: 'success', title: 'No findings', annotations: [] });
    expect(r.summary).toContain('nothing to report');
  });

  it('conclusion by the worst severity, through the configured mapping', () => {
    const of = (s: Severity[]) =>
      renderCheckRun({ findings: s.map((severity, i) => finding(i + 1, { severity })) }, conclusions).conclusion;
    expect(of(['info'])).toBe('success');
    expect(of(['info', 'warning'])).toBe('neutral');
    expect(of(['warning', 'error'])).toBe('failure');
    expect(renderCheckRun({ findings: [finding(1)] }, { ...conclusions, warning: 'failure' }).conclusion).toBe(
      'failure',
    );
  });

  it('titles by count and severity', () => {
    const r = renderCheckRun({ findings: [finding(1, { severity: 'error' }), finding(2)] }, conclusions);
    expect(r.title).toBe('2 findings: 1 error, 1 warning');
    expect(renderCheckRun({ findings: [finding(1)] }, conclusions).title).toBe('1 finding: 1 warning');
  });

  it('summary: a table linking each rule to its docs, citations below; user text escaped', () => {
    const r = renderCheckRun(
      { findings: [finding(7, { message: 'a | b @maintainers <img src=x onerror=alert(1)>' })] },
      conclusions,
    );
    expect(r.summary).toContain('| Rule | Severity | Where | Message |');
    expect(r.summary).toContain(
      '| [pin\\-unpin\\-mismatch](https://example.org/rules/pin-unpin-mismatch) | warning | mm/gup\\.c:7 |',
    );
    expect(r.summary).toContain('a \\| b @\u200Dmaintainers &lt;img');
    expect(r.summary).not.toContain('<img');
    expect(r.summary).toContain('[Doc](https://docs.kernel.org/core-api/pin_user_pages.html)');
  });

  it('annotations: new-side lines only, level by severity, rule as title, citations in raw_details', () => {
    const r = renderCheckRun(
      {
        findings: [
          finding(3, { severity: 'error' }),
          finding(4, { severity: 'info' }),
          finding(5, { side: 'old' }),
          finding(6, { file: null, line: null, side: null }),
        ],
      },
      conclusions,
    );
    expect(r.annotations).toEqual([
      expect.objectContaining({
        path: 'mm/gup.c',
        start_line: 3,
        end_line: 3,
        annotation_level: 'failure',
        title: 'pin-unpin-mismatch',
        message: 'message 3',
      }),
      expect.objectContaining({ start_line: 4, annotation_level: 'notice' }),
    ]);
    expect(r.annotations[0]?.raw_details).toContain('https://docs.kernel.org/core-api/pin_user_pages.html');
    expect(r.summary).toContain('_commit message_');
    expect(r.summary).toContain('_(removed line)_');
  });

  it('120 findings → 3 annotation batches of at most 50', () => {
    const r = renderCheckRun({ findings: Array.from({ length: 120 }, (_, i) => finding(i + 1)) }, conclusions);
    const batches = annotationBatches(r.annotations);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(annotationBatches([])).toEqual([[]]);
  });

  it('caps the summary at 65,535 characters with a note', () => {
    const long = 'x'.repeat(2000);
    const r = renderCheckRun(
      { findings: Array.from({ length: 100 }, (_, i) => finding(i + 1, { message: long })) },
      conclusions,
    );
    expect(r.summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(r.summary).toMatch(/\d+ more findings not shown/);
    expect(r.annotations).toHaveLength(100);
  });

  it('cuts annotation text by bytes without splitting a character', () => {
    expect(truncateBytes('ééé', 5)).toBe('é…');
    expect(truncateBytes('short', 10)).toBe('short');
  });
});
