import { describe, expect, it } from 'vitest';
import { mail } from '../../test/helpers/patch-mail-factory.js';
import type { PatchMail } from '../model/patch-mail.js';
import { replyRefusal } from './reply-policy.js';

const SELF = { address: 'dax-review@example.org', domain: 'example.org' };
const patch = (over: Partial<PatchMail> = {}): PatchMail => ({
  ...mail({ subject: '[PATCH] mm: x' }),
  diffText: 'diff --git a/x b/x\n',
  ...over,
});

describe('replyRefusal (never spam)', () => {
  it.each([
    ['a patch', patch(), null],
    [
      "the bot's own mail, by sender",
      patch({ from: { name: '', address: 'DAX-Review@example.org' } }),
      "it is the bot's own mail",
    ],
    [
      "the bot's own mail, by Message-ID",
      patch({ messageId: 'dax-review.0123abcd@example.org' }),
      "it is the bot's own mail",
    ],
    [
      'automatic mail',
      patch({ autoSubmitted: 'auto-generated' }),
      'it is automatic mail (Auto-Submitted: auto-generated)',
    ],
    [
      'a pull request',
      { ...patch(), subject: mail({ subject: '[PULL 0/3] mm fixes' }).subject },
      'it is a pull request ([PULL])',
    ],
    [
      'a reply without a patch',
      { ...patch({ diffText: null }), subject: mail({ subject: 'Re: [PATCH] mm: x' }).subject },
      'it carries no patch',
    ],
    ['a mail without Message-ID', patch({ messageId: null }), 'it has no Message-ID to reply to'],
  ])('%s', (_name, m, expected) => {
    expect(replyRefusal(m, SELF)).toBe(expected);
  });
});

it('replies to a cover letter (the review reads its prose) but to no reply without a patch, unless patchless', () => {
  const cover = { ...patch({ diffText: null }), subject: mail({ subject: '[PATCH 0/2] mm: x' }).subject };
  expect(replyRefusal(cover, SELF)).toBeNull();
  expect(replyRefusal({ ...cover, autoSubmitted: 'auto-generated' }, SELF)).toBe(
    'it is automatic mail (Auto-Submitted: auto-generated)',
  );
  const discussion = { ...patch({ diffText: null }), subject: mail({ subject: 'Re: [PATCH 0/2] mm: x' }).subject };
  expect(replyRefusal(discussion, SELF)).toBe('it carries no patch');
  expect(replyRefusal(discussion, SELF, { patchless: true })).toBeNull();
});

it('replies to [PULL] mail only when configured to (replies.toPull)', () => {
  const pull = { ...patch(), subject: mail({ subject: '[PULL 3/15] hostmem: fix' }).subject };
  expect(replyRefusal(pull, SELF)).toBe('it is a pull request ([PULL])');
  expect(replyRefusal(pull, SELF, { toPull: true })).toBeNull();
  expect(replyRefusal({ ...pull, autoSubmitted: 'auto-replied' }, SELF, { toPull: true })).toBe(
    'it is automatic mail (Auto-Submitted: auto-replied)',
  );
});
