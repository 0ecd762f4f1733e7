import { describe, expect, it } from 'vitest';
import { hasCommentCommand } from './comment-command.js';

describe('hasCommentCommand', () => {
  it.each([
    ['/dax-review rereview', true],
    ['/dax-review rereview please', true],
    ['/dax-review   rereview\t', true],
    ['Thanks!\n\n/dax-review rereview\n', true],
    ['Thanks!\r\n/dax-review rereview\r\n', true],
    ['   /dax-review rereview', true],
    ['/DAX-Review Rereview', true],
    ['```\ncode\n```\n/dax-review rereview', true],
    ['~~~~\n```\n~~~~\n/dax-review rereview', true],
  ])('finds %j', (body, found) => {
    expect(hasCommentCommand(body, 'rereview')).toBe(found);
  });

  it.each([
    ['', 'empty'],
    ['please /dax-review rereview', 'not at the start of the line'],
    ['`/dax-review rereview`', 'inline code'],
    ['    /dax-review rereview', 'indented code block'],
    ['> /dax-review rereview', 'quoted'],
    ['  > /dax-review rereview', 'quoted, indented'],
    ['>> /dax-review rereview', 'quoted twice'],
    ['```\n/dax-review rereview\n```', 'fenced code'],
    ['~~~md\n/dax-review rereview\n~~~', 'tilde fence with an info string'],
    ['````\n```\n/dax-review rereview\n````', 'a shorter fence does not close a longer one'],
    ['```\nunclosed\n/dax-review rereview', 'an unclosed fence runs to the end'],
    ['/dax-review rereviewing', 'another word'],
    ['/dax-review', 'no word'],
    ['/dax-reviewrereview', 'no space'],
    ['/dax-review review', 'not the configured word'],
  ])('ignores %j (%s)', (body) => {
    expect(hasCommentCommand(body, 'rereview')).toBe(false);
  });

  it('uses the configured word, taken literally', () => {
    expect(hasCommentCommand('/dax-review again', 'again')).toBe(true);
    expect(hasCommentCommand('/dax-review rereview', 'again')).toBe(false);
    expect(hasCommentCommand('/dax-review re-run', 're-run')).toBe(true);
  });
});
