import type { CheckReport } from './check-report.js';
import type { Series } from '../model/series.js';
import { TOOL } from './tool-info.js';

/** Message-IDs of a series: cover first if any, then the patches in order. */
export function seriesMessageIds(s: Series): string[] {
  return [s.cover, ...s.patches].flatMap((m) => (m?.messageId ? [m.messageId] : []));
}

/**
 * The JSON report. Its shape is a contract (later tooling reads it): keep keys and order;
 * `docs` (each finding's rule documentation) was added after the first release, at the end.
 * {"tool","inputs":{"messages","patches","series","unparsed","partial"},"series":[…],"findings":[…]}
 */
export function renderJson(report: CheckReport): string {
  const doc = {
    tool: { name: TOOL.name, version: TOOL.version },
    inputs: {
      messages: report.messages,
      patches: report.patches,
      series: report.series.length,
      unparsed: report.unparsed.map((u) => ({ source: u.source, reason: u.reason })),
      partial: report.partial.map((u) => ({ source: u.source, reason: u.reason })),
    },
    series: report.series.map((s) => ({
      subject: s.subject,
      version: s.version,
      total: s.total,
      complete: s.complete,
      messageIds: seriesMessageIds(s),
    })),
    findings: report.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      messageId: f.messageId,
      subject: f.subject,
      file: f.file,
      line: f.line,
      side: f.side,
      message: f.message,
      citations: f.citations,
      docs: f.docsUrl,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
