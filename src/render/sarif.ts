import type { Invocation, Log, ReportingDescriptor, Result } from 'sarif';
import type { CheckReport } from './check-report.js';
import type { Rule } from '../engine/rule.js';
import type { Finding, Severity } from '../model/finding.js';
import { findingFingerprint } from '../model/finding-fingerprint.js';
import { DEFAULT_DOCS_BASE, docsLink } from '../engine/docs-link.js';
import { TOOL } from './tool-info.js';

/** SARIF levels: https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/sarif-v2.1.0-os.html §3.27.10 */
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: every result has a physical location
 * (prose findings point at line 1 of the mail file) and a stable partial fingerprint. Rules carry
 * their docs URL under the configured base (withDocsBase); `docsBase` is the tool's home page.
 */
export function renderSarif(report: CheckReport, rules: readonly Rule[], docsBase: string = DEFAULT_DOCS_BASE): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const doc: Log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            semanticVersion: TOOL.version,
            informationUri: docsLink(docsBase, 'README.md'),
            rules: rules.map((r): ReportingDescriptor => ({
              id: r.id,
              name: r.meta.docs.title,
              shortDescription: { text: r.meta.docs.description },
              fullDescription: { text: r.meta.docs.title },
              helpUri: r.docsUrl,
              help: { text: helpText(r, docsBase) },
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
              properties: { tags: ['dax', 'dma', r.meta.scope], precision: r.meta.confidence },
            })),
          },
        },
        results: report.findings.map((f) => toResult(f, index.get(f.rule))),
        ...(report.unparsed.length + report.partial.length > 0 ? { invocations: [unparsedInvocation(report)] } : {}),
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** The rule's one-line description, its page and the background pages it rests on, as links. */
function helpText(r: Rule, docsBase: string): string {
  return [
    `${r.meta.docs.description}. See ${r.docsUrl}`,
    'Background:',
    ...r.meta.background.map((b) => `  ${docsLink(docsBase, b)}`),
  ].join('\n');
}

/**
 * Inputs that were not checked (unparsed mail, unreadable files) or checked in part (past a diff
 * limit), as SARIF says a tool reports
 * what it could not analyse: one tool execution notification each, naming the file and the reason.
 */
function unparsedInvocation(report: CheckReport): Invocation {
  return {
    executionSuccessful: true,
    toolExecutionNotifications: [
      ...report.unparsed.map((u) => ({ kind: 'unparsed', ...u })),
      ...report.partial.map((u) => ({ kind: 'partial', ...u })),
    ].map((u) => ({
      level: 'warning' as const,
      descriptor: { id: u.kind },
      message: { text: `${u.source}: ${u.kind}: ${u.reason}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: u.source.replace(/#\d+$/, '') } } }],
    })),
  };
}

function toResult(f: Finding, ruleIndex: number | undefined): Result {
  const uri = f.file ?? f.source.replace(/#\d+$/, '');
  return {
    ruleId: f.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[f.severity],
    message: { text: `${f.message} (${f.subject})` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri },
          region: { startLine: f.line ?? 1 },
        },
      },
    ],
    partialFingerprints: { 'daxReview/v1': findingFingerprint(f) },
    properties: { messageId: f.messageId, subject: f.subject, side: f.side, citations: f.citations.map((c) => c.url) },
  };
}
