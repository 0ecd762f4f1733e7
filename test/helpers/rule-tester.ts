/**
 * ESLint-style RuleTester on vitest (ESLint lib/rule-tester, typescript-eslint RuleTester).
 *
 *   ruleTester.run(rule, {
 *     valid: ['valid/01-frame-vec-use-foll-longterm.eml', { name: 'inline', mail: 'From: …' }],
 *     invalid: [
 *       { fixture: 'invalid/09-frame-vector.eml', errors: [{ messageId: 'missing', file: 'mm/frame_vector.c', line: 75 }] },
 *       'invalid/02-qib.patch',          // expectations in invalid/02-qib.expected.json
 *     ],
 *   });
 *
 * A fixture path is relative to rules/<rule id>/fixtures/; `.eml` and `.patch` (git format-patch
 * output) files are both mails and go through parseMessage. A string containing a newline is an
 * inline mail. A case may also carry the rest of its series (`series: [fixture or inline mail, …]`,
 * assembled with the case's mail as src/series does, so the rule sees ctx.series and ctx.cover;
 * the case's mail may be the cover letter) and a target tree (`target: 'v5.10'`, as
 * `check --target` takes it). The tester rejects, before running anything: unknown messageIds,
 * duplicate cases, invalid cases without expectations, unparsable targets. After running:
 * crashes, a case mail outside the assembled series, wrong error counts, messages with
 * unsubstituted {{placeholders}}, and mismatched messageId / file / line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mentionsAny } from '../../src/pipeline/prefilter.js';
import { runRules } from '../../src/engine/run-rules.js';
import { codeHelpers } from '../../src/engine/rule-context.js';
import type { ReportDescriptor, Rule } from '../../src/engine/rule.js';
import { parseKernelVersion, type KernelVersion } from '../../src/era/kernel-version.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import type { Finding } from '../../src/model/finding.js';
import type { PatchMail } from '../../src/model/patch-mail.js';
import type { Series } from '../../src/model/series.js';
import { assembleSeries } from '../../src/series/assemble.js';

export interface ExpectedError {
  readonly messageId: string;
  /** Path the finding points at; null for findings on the commit message. */
  readonly file?: string | null;
  readonly line?: number | null;
}

interface CaseBase {
  /** Test title; defaults to the fixture path or the first line of the inline mail. */
  readonly name?: string;
  /** A fixture path (see above). */
  readonly fixture?: string;
  /** An inline raw mail. */
  readonly mail?: string;
  /** The other mails of the case's series: fixture paths or inline mails, in any order. */
  readonly series?: readonly string[];
  /** The kernel tree to judge against ('v5.10', '4.19.y'), as `check --target`; default: decided from the patch. */
  readonly target?: string;
}

export type ValidCase = string | CaseBase;
export type InvalidCase = string | (CaseBase & { readonly errors?: readonly ExpectedError[] });

export interface RuleTests {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

interface MailSource {
  readonly source: string;
  readonly raw: () => Buffer;
}

interface Resolved extends MailSource {
  readonly title: string;
  readonly series: readonly MailSource[];
  readonly target: KernelVersion | null;
  readonly errors: readonly ExpectedError[] | null;
}

const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

function fixturePath(rule: Rule, fixture: string): string {
  return `${RULES_DIR}${rule.id}/fixtures/${fixture}`;
}

/** A sidecar `<name>.expected.json`: an array of errors or `{ "errors": [...] }`. */
function sidecarErrors(path: string): readonly ExpectedError[] | null {
  const sidecar = path.replace(/\.(?:eml|patch)$/, '.expected.json');
  if (sidecar === path || !existsSync(sidecar)) return null;
  const data: unknown = JSON.parse(readFileSync(sidecar, 'utf8'));
  const list: unknown = Array.isArray(data) ? data : (data as { errors?: unknown }).errors;
  if (!Array.isArray(list)) throw new Error(`${sidecar}: expected an array of errors or { "errors": [...] }`);
  return list.map((e: unknown) => {
    if (typeof e !== 'object' || e === null || typeof (e as { messageId?: unknown }).messageId !== 'string') {
      throw new Error(`${sidecar}: every error needs a messageId`);
    }
    return e as ExpectedError;
  });
}

/** A series member: a fixture path, or an inline mail when it contains a newline. */
function seriesMember(rule: Rule, member: string, k: number): MailSource {
  if (member.includes('\n')) return { source: `inline:series-${k}`, raw: () => Buffer.from(member) };
  const path = fixturePath(rule, member);
  if (!existsSync(path)) throw new Error(`fixture not found: ${path}`);
  return { source: member, raw: () => readFileSync(path) };
}

function targetOf(spec: CaseBase): KernelVersion | null {
  if (spec.target === undefined) return null;
  const v = parseKernelVersion(spec.target);
  if (v === null)
    throw new Error(`case ${spec.name ?? spec.fixture ?? ''}: target "${spec.target}" is not a kernel version`);
  return v;
}

function resolve(rule: Rule, c: InvalidCase): Resolved {
  const spec = typeof c === 'string' ? (c.includes('\n') ? { mail: c } : { fixture: c }) : c;
  const inlineErrors = typeof c === 'string' || !('errors' in c) ? undefined : c.errors;
  if (spec.fixture !== undefined && spec.mail !== undefined) throw new Error('a case has either a fixture or a mail');
  const context = { series: (spec.series ?? []).map((m, k) => seriesMember(rule, m, k)), target: targetOf(spec) };
  if (spec.fixture !== undefined) {
    const path = fixturePath(rule, spec.fixture);
    if (!existsSync(path)) throw new Error(`fixture not found: ${path}`);
    return {
      title: spec.name ?? spec.fixture,
      source: spec.fixture,
      raw: () => readFileSync(path),
      errors: inlineErrors ?? sidecarErrors(path),
      ...context,
    };
  }
  const text = spec.mail;
  if (text === undefined) throw new Error('a case needs a fixture or a mail');
  return {
    title: spec.name ?? text.split('\n').find((l) => l.startsWith('Subject:')) ?? text.slice(0, 60),
    source: `inline:${spec.name ?? ''}`,
    raw: () => Buffer.from(text),
    errors: inlineErrors ?? null,
    ...context,
  };
}

interface CaseRun {
  readonly patch: PatchMail;
  readonly series: Series | null;
  readonly target: KernelVersion | null;
}

/** The case's mail, and the series it belongs to once assembled with the other members (null without any). */
async function caseRun(r: Resolved): Promise<CaseRun> {
  const patch = await parseMessage(r.raw(), r.source);
  if (r.series.length === 0) return { patch, series: null, target: r.target };
  const others = await Promise.all(r.series.map((m) => parseMessage(m.raw(), m.source)));
  const own = assembleSeries([patch, ...others]).series.find((s) => s.cover === patch || s.patches.includes(patch));
  if (own === undefined)
    throw new Error(`case ${r.title}: its mail is not in a series with ${r.series.map((m) => m.source).join(', ')}`);
  return { patch, series: own, target: r.target };
}

/** Runs the rule the way run-rules.ts does, keeping the messageId of each report. */
function runOne(rule: Rule, { patch, series, target }: CaseRun): { findings: Finding[]; messageIds: string[] } {
  const messageIds: string[] = [];
  const spy: Rule = {
    ...rule,
    check(ctx) {
      const report = (d: ReportDescriptor<string>): void => {
        messageIds.push(d.messageId);
        ctx.report(d);
      };
      rule.check({ ...ctx, report, ...codeHelpers(ctx.diff, report) });
    },
  };
  const result = runRules([spy], { patch, series, target });
  if (result.crashes.length > 0) throw new Error(`rule crashed: ${result.crashes.map((c) => c.error).join('\n')}`);
  return { findings: result.findings, messageIds };
}

function checkCases(rule: Rule, cases: readonly Resolved[], kinds: readonly ('valid' | 'invalid')[]): void {
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    const mail = c.source.startsWith('inline:') ? c.raw().toString('utf8') : c.source;
    const key = JSON.stringify([mail, c.series.map((m) => m.raw().toString('utf8')), c.target]);
    if (seen.has(key)) throw new Error(`duplicate ${kinds[i] ?? ''} case: ${c.title}`);
    seen.add(key);
    if (kinds[i] === 'invalid') {
      if (c.errors === null || c.errors.length === 0) throw new Error(`invalid case ${c.title} has no expected errors`);
      for (const e of c.errors) {
        if (!Object.hasOwn(rule.meta.messages, e.messageId)) {
          throw new Error(`invalid case ${c.title}: unknown messageId "${e.messageId}" for ${rule.id}`);
        }
      }
    }
  });
}

/** Runs one valid case: the rule must report nothing (and not crash). */
export async function assertValid(rule: Rule, c: ValidCase): Promise<void> {
  const { findings } = runOne(rule, await caseRun(resolve(rule, c)));
  expect(findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'} ${f.message}`)).toEqual([]);
}

/** Runs one invalid case: exactly the expected errors, in order, with fully substituted messages. */
export async function assertInvalid(rule: Rule, c: InvalidCase): Promise<void> {
  const r = resolve(rule, c);
  const run = await caseRun(r);
  // The checker only keeps mails that name a trigger whole: a case the prefilter would drop is a
  // case the rule can never catch in production.
  if (rule.meta.triggers)
    expect(mentionsAny(run.patch, rule.meta.triggers), `no trigger of ${rule.id} in ${r.title}`).toBe(true);
  const { findings, messageIds } = runOne(rule, run);
  const expected = r.errors ?? [];
  expect(findings.length, `error count; got ${messageIds.join(', ')}`).toBe(expected.length);
  findings.forEach((f, k) => {
    const e = expected[k];
    if (e === undefined) return;
    expect(f.message, 'unsubstituted placeholder').not.toMatch(/\{\{[^}]*\}\}/);
    expect(messageIds[k]).toBe(e.messageId);
    if (e.file !== undefined) expect(f.file).toBe(e.file);
    if (e.line !== undefined) expect(f.line).toBe(e.line);
  });
}

/** Defines one vitest suite per rule: `valid` and `invalid` groups, one test per case. */
export function run(rule: Rule, tests: RuleTests): void {
  const valid = tests.valid.map((c) => resolve(rule, c));
  const invalid = tests.invalid.map((c) => resolve(rule, c));
  checkCases(
    rule,
    [...valid, ...invalid],
    [...valid.map(() => 'valid' as const), ...invalid.map(() => 'invalid' as const)],
  );

  describe(rule.id, () => {
    describe('valid', () => {
      tests.valid.forEach((c, k) => {
        it(valid[k]?.title ?? String(k), () => assertValid(rule, c));
      });
    });
    describe('invalid', () => {
      tests.invalid.forEach((c, k) => {
        it(invalid[k]?.title ?? String(k), () => assertInvalid(rule, c));
      });
    });
  });
}

export const ruleTester = { run };
