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
 * inline mail. The tester rejects, before running anything: unknown messageIds, duplicate cases,
 * invalid cases without expectations. After running: crashes, wrong error counts, messages
 * with unsubstituted {{placeholders}}, and mismatched messageId / file / line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mentionsAny } from '../../src/pipeline/prefilter.js';
import { runRules } from '../../src/engine/run-rules.js';
import { codeHelpers } from '../../src/engine/rule-context.js';
import type { ReportDescriptor, Rule } from '../../src/engine/rule.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import type { Finding } from '../../src/model/finding.js';
import type { PatchMail } from '../../src/model/patch-mail.js';

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
}

export type ValidCase = string | CaseBase;
export type InvalidCase = string | (CaseBase & { readonly errors?: readonly ExpectedError[] });

export interface RuleTests {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

interface Resolved {
  readonly title: string;
  readonly source: string;
  readonly raw: () => Buffer;
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

function resolve(rule: Rule, c: InvalidCase): Resolved {
  const spec = typeof c === 'string' ? (c.includes('\n') ? { mail: c } : { fixture: c }) : c;
  const inlineErrors = typeof c === 'string' || !('errors' in c) ? undefined : c.errors;
  if (spec.fixture !== undefined && spec.mail !== undefined) throw new Error('a case has either a fixture or a mail');
  if (spec.fixture !== undefined) {
    const path = fixturePath(rule, spec.fixture);
    if (!existsSync(path)) throw new Error(`fixture not found: ${path}`);
    return { title: spec.name ?? spec.fixture, source: spec.fixture, raw: () => readFileSync(path),
      errors: inlineErrors ?? sidecarErrors(path) };
  }
  const text = spec.mail;
  if (text === undefined) throw new Error('a case needs a fixture or a mail');
  return { title: spec.name ?? (text.split('\n').find((l) => l.startsWith('Subject:')) ?? text.slice(0, 60)),
    source: `inline:${spec.name ?? ''}`, raw: () => Buffer.from(text), errors: inlineErrors ?? null };
}

/** Runs the rule the way run-rules.ts does, keeping the messageId of each report. */
function runOne(rule: Rule, patch: PatchMail): { findings: Finding[]; messageIds: string[] } {
  const messageIds: string[] = [];
  const spy: Rule = {
    ...rule,
    check(ctx) {
      const report = (d: ReportDescriptor<string>): void => { messageIds.push(d.messageId); ctx.report(d); };
      rule.check({ ...ctx, report, ...codeHelpers(ctx.diff, report) });
    },
  };
  const result = runRules([spy], { patch, series: null });
  if (result.crashes.length > 0) throw new Error(`rule crashed: ${result.crashes.map((c) => c.error).join('\n')}`);
  return { findings: result.findings, messageIds };
}

function checkCases(rule: Rule, cases: readonly Resolved[], kinds: readonly ('valid' | 'invalid')[]): void {
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    const key = c.source.startsWith('inline:') ? c.raw().toString('utf8') : c.source;
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
  const r = resolve(rule, c);
  const { findings } = runOne(rule, await parseMessage(r.raw(), r.source));
  expect(findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'} ${f.message}`)).toEqual([]);
}

/** Runs one invalid case: exactly the expected errors, in order, with fully substituted messages. */
export async function assertInvalid(rule: Rule, c: InvalidCase): Promise<void> {
  const r = resolve(rule, c);
  const mail = await parseMessage(r.raw(), r.source);
  // The checker only keeps mails that name a trigger whole: a case the prefilter would drop is a
  // case the rule can never catch in production.
  if (rule.meta.triggers) expect(mentionsAny(mail, rule.meta.triggers), `no trigger of ${rule.id} in ${r.title}`).toBe(true);
  const { findings, messageIds } = runOne(rule, mail);
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
  checkCases(rule, [...valid, ...invalid], [...valid.map(() => 'valid' as const), ...invalid.map(() => 'invalid' as const)]);

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
