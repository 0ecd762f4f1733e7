import wrap from 'word-wrap';
import type { CheckReport } from './check-report.js';
import type { Finding, Severity } from '../model/finding.js';

/** Columns of a finding's text, like checkpatch: readable in an 80-column terminal or a mail. */
const WIDTH = 80;
const INDENT = '    ';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** `path:line:` of a finding; prose findings point at the mail itself. */
function location(f: Finding): string {
  if (f.file === null) return `${f.source}:`;
  return f.line === null ? `${f.file}:` : `${f.file}:${f.line}:`;
}

/**
 * One finding: `path:line: severity: [rule]`, its message wrapped under it (indented; a word
 * longer than the width, such as a URL, is not cut), then where to read more.
 */
function findingLines(f: Finding): string[] {
  const message = f.message
    .split('\n')
    .map((line) => wrap(line, { width: WIDTH - INDENT.length, indent: INDENT, trim: true }))
    .join('\n');
  return [
    `  ${location(f)} ${f.severity}: [${f.rule}]`,
    ...message.split('\n'),
    `${INDENT}more: dax-review explain ${f.rule}`,
  ];
}

/**
 * checkpatch/eslint-style text: findings grouped under each patch's subject (see findingLines),
 * then a summary line.
 */
export function renderText(report: CheckReport): string {
  const lines: string[] = [];
  const byPatch = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = `${f.source}\u0000${f.subject}`;
    const list = byPatch.get(key) ?? [];
    list.push(f);
    byPatch.set(key, list);
  }
  for (const list of byPatch.values()) {
    const first = list[0];
    if (first === undefined) continue;
    lines.push(`${first.subject} (${first.source}${first.messageId ? ` <${first.messageId}>` : ''})`);
    for (const f of list) lines.push(...findingLines(f));
    lines.push('');
  }
  for (const u of report.unparsed) lines.push(`${u.source}: unparsed: ${u.reason}`);
  for (const u of report.partial) lines.push(`${u.source}: partial: ${u.reason}`);
  for (const c of report.crashes) lines.push(`${c.source}: rule-crashed: [${c.rule}] ${c.error.split('\n')[0] ?? ''}`);
  lines.push(summary(report));
  return lines.join('\n') + '\n';
}

function summary(report: CheckReport): string {
  const count = (s: Severity): number => report.findings.filter((f) => f.severity === s).length;
  const patchesWithFindings = new Set(report.findings.map((f) => f.source)).size;
  const head =
    report.findings.length === 0
      ? 'no findings'
      : `${plural(report.findings.length, 'finding')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info) in ${plural(patchesWithFindings, 'patch', 'patches')}`;
  return `${head}; ${plural(report.messages, 'message')}, ${report.patches} with a diff, ${plural(report.series.length, 'series', 'series')}, ${report.unparsed.length} unparsed`;
}
