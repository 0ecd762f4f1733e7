import { isCodeFile } from '../c/code-file.js';
import { buildFragment, lineOf, sideLineNumber, type CodeFragment, type FragmentLine } from '../c/fragment.js';
import type { CallSite } from '../c/scope.js';
import { tokensText } from '../c/token-text.js';
import type { DiffFile } from '../model/diff.js';
import type { CodeReportDescriptor, ReportDescriptor, RuleContext } from './rule.js';

/** Longest call text quoted by default: enough for the flags, short enough for a reply. */
const CALL_EXCERPT_CHARS = 240;

type CodeHelpers = Pick<
  RuleContext,
  'codeFiles' | 'code' | 'reportAt' | 'reportAtToken' | 'reportAtLine' | 'reportAtTextLine'
>;

/** The line a report on a call points at: the first added line of the call, else its name's line. */
export function callLine(code: CodeFragment, site: CallSite): FragmentLine {
  return site.call.tokens.map((t) => lineOf(code, t)).find((l) => l.kind === 'add') ?? site.line;
}

/** The call's text, bounded, as a finding quotes it. */
export function callExcerpt(site: CallSite): string {
  return tokensText(site.call.tokens).slice(0, CALL_EXCERPT_CHARS);
}

/** The code-reading part of a rule's context, over one patch's diff, reporting through `report`. */
export function codeHelpers(diff: readonly DiffFile[], report: (d: ReportDescriptor<string>) => void): CodeHelpers {
  const reportAtLine = (code: CodeFragment, line: FragmentLine, d: CodeReportDescriptor<string>): void => {
    report({
      ...d,
      at: { file: code.file.path, line: sideLineNumber(code, line), side: code.side },
      excerpt: d.excerpt ?? line.text.trim(),
    });
  };
  return {
    codeFiles: (options) => diff.filter((f) => isCodeFile(f, options?.side ?? 'new')),
    code: buildFragment,
    reportAt: (code, site, d) => {
      reportAtLine(code, callLine(code, site), { ...d, excerpt: d.excerpt ?? callExcerpt(site) });
    },
    reportAtToken: (code, token, d) => {
      reportAtLine(code, lineOf(code, token), d);
    },
    reportAtLine,
    reportAtTextLine: (unit, index, d) => {
      report({
        ...d,
        at: { file: unit.file, line: unit.lineNumbers[index] ?? null, side: unit.file === null ? null : 'new' },
        excerpt: d.excerpt ?? unit.lines[index]?.trim() ?? '',
      });
    },
  };
}
