import { series01Records } from '../../test/helpers/series-records.js';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from './ports.js';
import { lonelyUnthreadedRoot, unthreadedGroupOf, unthreadedScore } from './unthreaded-scope.js';

const records = series01Records;

const unthreaded = (r: MessageRecord): MessageRecord => ({
  ...r,
  mail: { ...r.mail, inReplyTo: null, references: [] },
});

describe('lonelyUnthreadedRoot', () => {
  it('is the root of a thread that holds its series alone, or of a cover that arrived first', async () => {
    const [cover, first, second] = await records();
    // The usual layout, patches under the cover: the thread holds its series.
    expect(lonelyUnthreadedRoot([cover!, first!, second!], cover!.key)).toBeNull();
    // The cover before its patches, and a patch without threading headers: look further.
    expect(lonelyUnthreadedRoot([cover!], cover!.key)).toBe(cover);
    const bare = unthreaded(second!);
    expect(lonelyUnthreadedRoot([bare], bare.key)).toBe(bare);
  });

  it('is null for a threaded mail, a reply root, a single patch and a mail without a sender', async () => {
    const [cover, first] = await records();
    expect(lonelyUnthreadedRoot([first!], first!.key)).toBeNull();
    const reply = { ...cover!, mail: { ...cover!.mail, subject: { ...cover!.mail.subject, isReply: true } } };
    expect(lonelyUnthreadedRoot([reply], reply.key)).toBeNull();
    const single = unthreaded({
      ...first!,
      mail: { ...first!.mail, subject: { ...first!.mail.subject, index: null, total: null } },
    });
    expect(lonelyUnthreadedRoot([single], single.key)).toBeNull();
    const anonymous = { ...cover!, mail: { ...cover!.mail, from: null } };
    expect(lonelyUnthreadedRoot([anonymous], anonymous.key)).toBeNull();
    expect(lonelyUnthreadedRoot([cover!], 'elsewhere@x')).toBeNull();
  });

  it('groups by sender, version and N, and places a mail by its date, or by arrival without a Message-ID', async () => {
    const [cover, first] = await records();
    expect(unthreadedGroupOf(cover!)).toBe('dan.j.williams@intel.com|v1/13');
    expect(unthreadedGroupOf(first!)).toBe(unthreadedGroupOf(cover!));
    expect(unthreadedScore(cover!, 5)).toBe(Date.parse(cover!.mail.date!));
    expect(unthreadedScore({ ...cover!, mail: { ...cover!.mail, messageId: null } }, 5)).toBe(5);
    expect(unthreadedScore({ ...cover!, mail: { ...cover!.mail, date: 'not a date' } }, 5)).toBe(5);
  });
});
