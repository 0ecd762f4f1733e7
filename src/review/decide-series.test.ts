import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitMbox } from '../input/mbox.js';
import { parseMessage } from '../mail/parse-message.js';
import { messageKeyOf, slimMail, type MessageRecord } from '../queue/message-store.js';
import { decideAlone, decideSeries } from './decide-series.js';

const SERIES = new URL('../../../shared/corpus/series-samples/01-dax-gup-mistake-v1.mbox', import.meta.url);

async function records(): Promise<MessageRecord[]> {
  const raws = splitMbox(readFileSync(SERIES));
  return Promise.all(raws.map(async (raw, i) => {
    const m = await parseMessage(raw, `s#${i}`);
    return { key: messageKeyOf(m, `b${i}`), blob: `b${i}`, sourceId: 's', itemKey: String(i), mail: slimMail(m), hasDiff: m.diffText !== null };
  }));
}

describe('decideSeries', () => {
  it('reviews a complete series with every member, cover first', async () => {
    const thread = await records();
    const d = decideSeries(thread, thread[5]!.key, false);
    expect(d).toEqual({ kind: 'review', reason: 'complete', members: thread.map((r) => r.key) });
  });

  it('waits while a patch is missing, and reviews what arrived once the wait is over', async () => {
    const thread = (await records()).filter((_, i) => i !== 7);
    expect(decideSeries(thread, thread[2]!.key, false)).toMatchObject({ kind: 'wait' });
    expect(decideSeries(thread, thread[2]!.key, true)).toMatchObject({ kind: 'review', reason: 'timeout', members: thread.map((r) => r.key) });
  });

  it('reviews a reply carrying a patch alone, ignores one without, and a mail not in the thread', async () => {
    const [cover, first] = await records();
    const reply = { ...first!, key: 'reply@x', mail: { ...first!.mail, messageId: 'reply@x', subject: { ...first!.mail.subject, isReply: true, raw: `Re: ${first!.mail.subject.raw}` } } };
    expect(decideSeries([cover!, reply], 'reply@x', false)).toEqual({ kind: 'review', reason: 'single', members: ['reply@x'] });
    expect(decideSeries([cover!, { ...reply, hasDiff: false }], 'reply@x', false)).toMatchObject({ kind: 'ignore' });
    expect(decideSeries([cover!], 'other@x', false)).toMatchObject({ kind: 'ignore' });
  });

  it('decides a mail that can never be a member from its own record, the same as over its thread', async () => {
    const thread = await records();
    const first = thread[1]!;
    expect(decideAlone(first)).toBeNull();
    const reply = { ...first, key: 'reply@x', mail: { ...first.mail, messageId: 'reply@x', subject: { ...first.mail.subject, isReply: true } } };
    for (const r of [reply, { ...reply, hasDiff: false }]) {
      expect(decideAlone(r)).toEqual(decideSeries([...thread, r], r.key, false));
    }
  });
});
