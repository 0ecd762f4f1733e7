import { describe, expect, it } from 'vitest';
import { parseMessageId, parseMessageIds } from './message-ids.js';

describe('parseMessageIds', () => {
  it.each<[string, string | undefined, string[]]>([
    [
      'folded, whitespace-separated (edge 0005)',
      '<1470158864-17651-1-git-send-email-alex.bennee@linaro.org> <20160802192242.GB18402@flamenco>',
      ['1470158864-17651-1-git-send-email-alex.bennee@linaro.org', '20160802192242.GB18402@flamenco'],
    ],
    ['comma-separated', '<a@b>,<c@d>', ['a@b', 'c@d']],
    [
      'In-Reply-To with a comment',
      '<8737ml7eib.fsf@linaro.org> (Alex Bennée\'s message of "Wed, 03 Aug 2016")',
      ['8737ml7eib.fsf@linaro.org'],
    ],
    [
      'bare ids without brackets (edge 0014)',
      '20160628014747.20971-1-famz@redhat.com',
      ['20160628014747.20971-1-famz@redhat.com'],
    ],
    ['garbage only', 'foo bar (baz)', []],
    ['absent', undefined, []],
  ])('%s', (_name, value, want) => {
    expect(parseMessageIds(value)).toEqual(want);
  });

  it('parseMessageId takes the first id or null', () => {
    expect(parseMessageId('<x@y> <z@w>')).toBe('x@y');
    expect(parseMessageId('')).toBeNull();
  });
});
