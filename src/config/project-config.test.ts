import { describe, expect, it } from 'vitest';
import { ConfigError, parseProjectConfig, settingsFor, severityFor } from './project-config.js';

const RULES = ['a-rule', 'b-rule'];

describe('project config', () => {
  const config = parseProjectConfig(
    {
      target: 'v6.1',
      rules: { 'a-rule': 'warning' },
      lists: [{ match: 'QEMU-devel.nongnu.org', target: 'v5.4', rules: { 'a-rule': 'off', 'b-rule': 'error' } }],
    },
    'test',
    RULES,
  );

  it('applies the top level, then the matching list entry (List-Id compared without case)', () => {
    const top = settingsFor(config, 'nvdimm.lists.linux.dev');
    expect(top.target).toEqual({ major: 6, minor: 1 });
    expect(severityFor(top, 'a-rule', 'error')).toBe('warning');
    expect(severityFor(top, 'b-rule', 'info')).toBe('info');
    const qemu = settingsFor(config, 'qemu-devel.nongnu.org');
    expect(qemu.target).toEqual({ major: 5, minor: 4 });
    expect(severityFor(qemu, 'a-rule', 'error')).toBeNull();
    expect(severityFor(qemu, 'b-rule', 'info')).toBe('error');
    expect(settingsFor(config, null).rules).toEqual({ 'a-rule': 'warning' });
  });

  it('lists every problem with its path', () => {
    let error: unknown;
    try {
      parseProjectConfig({ target: 'soon', rules: { 'a-rule': 'loud' }, extra: 1 }, 'x.yml', RULES);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/^target: /m);
    expect(issues).toMatch(/^rules\.a-rule: /m);
    expect(issues).toMatch(/extra/);
  });

  it('rejects rules that do not exist', () => {
    expect(() => parseProjectConfig({ lists: [{ match: 'x', rules: { 'no-rule': 'off' } }] }, 'x.yml', RULES)).toThrow(
      /no rule "no-rule"/,
    );
  });
});
