import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { parseMessage } from '../mail/parse-message.js';
import type { Finding } from '../model/finding.js';
import { defineRule } from './define-rule.js';
import { dropSuperseded, runRules } from './run-rules.js';

const VFIO_FIXTURE = new URL(
  '../../rules/longterm-pin-without-foll-longterm/fixtures/invalid/05-vfio-new-pin-helper-without-longterm.patch',
  import.meta.url,
);

const meta = {
  type: 'problem',
  defaultSeverity: 'error',
  scope: 'diff',
  confidence: 'high',
  era: 'all',
  docs: { description: 'Flag things for the engine tests', title: 'Test rule.' },
  citations: [{ title: 'test', url: 'https://example.org/' }],
  background: ['docs/knowledge/gup-api-history.md'],
  messages: { m: 'said {{what}}' },
} as const;

describe('runRules', () => {
  it('isolates a crashing rule: it is reported and the others still run', async () => {
    const patch = await parseMessage(readFileSync(VFIO_FIXTURE), 'vfio.patch');
    const boom = defineRule({
      id: 'boom',
      meta,
      check() {
        throw new Error('kaboom');
      },
    });
    const says = defineRule({
      id: 'says',
      meta,
      check(ctx) {
        ctx.report({ messageId: 'm', data: { what: 'hello' } });
      },
    });
    const r = runRules([boom, says], { patch, series: null });
    expect(r.crashes).toHaveLength(1);
    expect(r.crashes[0]).toMatchObject({ rule: 'boom', source: 'vfio.patch' });
    expect(r.crashes[0]?.error).toContain('kaboom');
    expect(r.findings.map((f) => [f.rule, f.message])).toEqual([['says', 'said hello']]);
  });

  it('says one thing per place: the vfio rule speaks for the generic FOLL_LONGTERM rule', async () => {
    const patch = await parseMessage(readFileSync(VFIO_FIXTURE), 'vfio.patch');
    const alone = runRules(
      rules.filter((r) => r.id === 'longterm-pin-without-foll-longterm'),
      { patch, series: null },
    );
    expect(alone.findings.map((f) => f.rule)).toEqual(['longterm-pin-without-foll-longterm']);
    const all = runRules(rules, { patch, series: null });
    expect(all.findings.map((f) => f.rule)).toEqual(['vfio-vaddr-get-pfn-fsdax']);
  });
});

describe('dropSuperseded', () => {
  const f = (rule: string, file: string | null, line: number | null): Finding => ({
    rule,
    severity: 'error',
    messageId: null,
    subject: '',
    source: 's',
    file,
    line,
    side: null,
    message: '',
    citations: [],
    docsUrl: '',
    excerpt: null,
    symbol: null,
    confidence: 'high',
  });
  const general = defineRule({
    id: 'general',
    meta,
    check() {
      /* reports nothing */
    },
  });
  const specific = defineRule({
    id: 'specific',
    meta: { ...meta, supersedes: ['general'] },
    check() {
      /* reports nothing */
    },
  });

  it('drops the general finding near the specific one, keeps it elsewhere', () => {
    const kept = dropSuperseded(
      [general, specific],
      [f('general', 'a.c', 10), f('specific', 'a.c', 12), f('general', 'a.c', 40), f('general', 'b.c', 12)],
    );
    expect(kept.map((x) => `${x.rule}@${x.file ?? ''}:${x.line ?? ''}`)).toEqual([
      'specific@a.c:12',
      'general@a.c:40',
      'general@b.c:12',
    ]);
  });
});
