import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../check/check-inputs.js';
import type { Finding } from '../model/finding.js';
import { exitCode } from './check-command.js';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'r',
  severity: 'warning',
  messageId: null,
  subject: 's',
  source: 'x.eml',
  file: 'a.c',
  line: 1,
  side: 'new',
  message: 'm',
  citations: [],
  docsUrl: '',
  excerpt: null,
  symbol: null,
  confidence: 'high',
  ...over,
});
const report = (findings: Finding[]): CheckReport => ({
  messages: 1,
  patches: 1,
  unparsed: [],
  partial: [],
  series: [],
  findings,
  crashes: [],
  timings: { parseMs: 0, assembleMs: 0, rulesMs: 0 },
});

describe('exitCode (--fail-on)', () => {
  it('fails at or above the threshold, and never for a low-confidence finding', () => {
    expect(exitCode(report([finding({ severity: 'warning' })]), 'warning')).toBe(1);
    expect(exitCode(report([finding({ severity: 'info' })]), 'warning')).toBe(0);
    expect(exitCode(report([finding({ severity: 'error', confidence: 'low' })]), 'info')).toBe(0);
    expect(exitCode(report([finding({ severity: 'info', confidence: 'medium' })]), 'info')).toBe(1);
    expect(exitCode(report([finding({ severity: 'error' })]), 'none')).toBe(0);
  });
});
