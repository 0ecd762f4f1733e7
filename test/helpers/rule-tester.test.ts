import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/engine/define-rule.js';
import { assertInvalid, assertValid, ruleTester } from './rule-tester.js';

/** Reports every added line containing TODO, with or without its {{placeholder}} filled. */
const rule = defineRule<'todo' | 'raw'>({
  id: 'tester-self-test',
  meta: {
    type: 'problem',
    defaultSeverity: 'warning',
    scope: 'diff',
    confidence: 'high',
    era: 'any',
    docs: { description: 'Flag added TODO lines', title: 'TODO added' },
    citations: [{ title: 'self test', url: 'https://example.org/' }],
    background: ['docs/knowledge/gup-api-history.md'],
    messages: { todo: 'TODO added: {{text}}', raw: 'keeps {{text}} in the message' },
  },
  check(ctx) {
    for (const f of ctx.diff) {
      for (const h of f.hunks) {
        for (const l of h.lines) {
          if (l.kind !== 'add' || !l.text.includes('TODO')) continue;
          const raw = l.text.includes('RAW');
          ctx.report({
            messageId: raw ? 'raw' : 'todo',
            data: { text: raw ? '{{text}}' : l.text.trim() },
            at: { file: f.path, line: l.newLine, side: 'new' },
          });
        }
      }
    }
  },
});

const mail = (subject: string, added: string): string =>
  [
    'From: T <t@example.org>',
    `Subject: [PATCH] ${subject}`,
    'Date: Mon, 1 Jul 2024 10:00:00 +0000',
    `Message-ID: <${subject.replace(/\W+/g, '-')}@example.org>`,
    '',
    'Body.',
    '---',
    'diff --git a/a.c b/a.c',
    '--- a/a.c',
    '+++ b/a.c',
    '@@ -1,1 +1,2 @@',
    ' int x;',
    `+${added}`,
    '-- ',
    '2.43.0',
    '',
  ].join('\n');

ruleTester.run(rule, {
  valid: [mail('clean', 'int y;'), { name: 'named inline case', mail: mail('clean2', 'int z;') }],
  invalid: [{ mail: mail('todo', '/* TODO: later */'), errors: [{ messageId: 'todo', file: 'a.c', line: 2 }] }],
});

describe('ruleTester rejects bad test definitions', () => {
  it('unknown messageIds', () => {
    expect(() => {
      ruleTester.run(rule, { valid: [], invalid: [{ mail: mail('a', 'TODO'), errors: [{ messageId: 'nope' }] }] });
    }).toThrow(/unknown messageId "nope"/);
  });

  it('duplicate cases', () => {
    expect(() => {
      ruleTester.run(rule, { valid: [mail('b', 'int y;'), mail('b', 'int y;')], invalid: [] });
    }).toThrow(/duplicate/);
  });

  it('invalid cases without expected errors', () => {
    expect(() => {
      ruleTester.run(rule, { valid: [], invalid: [{ mail: mail('c', 'TODO') }] });
    }).toThrow(/no expected errors/);
  });

  it('missing fixtures', () => {
    expect(() => {
      ruleTester.run(rule, { valid: ['valid/none.eml'], invalid: [] });
    }).toThrow(/fixture not found/);
  });
});

describe('ruleTester fails runs that do not match', () => {
  it('unsubstituted placeholders', async () => {
    await expect(
      assertInvalid(rule, { mail: mail('raw', 'TODO RAW'), errors: [{ messageId: 'raw' }] }),
    ).rejects.toThrow(/placeholder/);
  });

  it('wrong error counts', async () => {
    await expect(
      assertInvalid(rule, { mail: mail('two', 'TODO'), errors: [{ messageId: 'todo' }, { messageId: 'todo' }] }),
    ).rejects.toThrow(/error count/);
    await expect(assertValid(rule, mail('three', 'TODO'))).rejects.toThrow();
  });

  it('wrong messageId, file or line', async () => {
    await expect(assertInvalid(rule, { mail: mail('four', 'TODO'), errors: [{ messageId: 'raw' }] })).rejects.toThrow();
    await expect(
      assertInvalid(rule, { mail: mail('five', 'TODO'), errors: [{ messageId: 'todo', line: 7 }] }),
    ).rejects.toThrow();
  });
});
