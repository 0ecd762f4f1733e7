import { series01Records } from '../../test/helpers/series-records.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MemorySeriesQueue, MemoryThreadStore } from '../../test/helpers/memory-ports.js';

import { placeInSeries, type PlaceDeps } from './place-in-series.js';
import type { MessageRecord } from './ports.js';

const records = series01Records;

function deps(): PlaceDeps & { messages: MemoryThreadStore; queue: MemorySeriesQueue } {
  return {
    messages: new MemoryThreadStore(),
    queue: new MemorySeriesQueue(),
    ruleset: 'r1',
    waitMs: 60_000,
    log: pino({ level: 'silent' }),
  };
}

async function arrive(d: ReturnType<typeof deps>, record: MessageRecord) {
  d.messages.put(record);
  return placeInSeries(d, record, 'place');
}

describe('placeInSeries (the series state machine, on in-memory ports)', () => {
  it('holds a series with a timer per member set until its last patch, then queues one review of all of it', async () => {
    const d = deps();
    const thread = await records();
    for (const r of thread.slice(0, -1)) expect((await arrive(d, r)).kind).toBe('wait');
    expect(d.queue.reviews.size).toBe(0);
    expect(d.queue.waits.size).toBe(thread.length - 1);
    expect([...d.queue.waits.values()].every((w) => w.delayMs === 60_000)).toBe(true);

    expect(await arrive(d, thread.at(-1)!)).toEqual({
      kind: 'review',
      reason: 'complete',
      members: thread.map((r) => r.key),
    });
    // The same mail placed again (a redelivery, a retried job) decides the same member set: one review.
    await placeInSeries(d, thread.at(-1)!, 'place');
    expect([...d.queue.reviews.values()]).toEqual([
      {
        threadRoot: thread[0]!.key,
        trigger: thread.at(-1)!.key,
        reason: 'complete',
        members: thread.map((r) => r.key),
      },
    ]);
  });

  it('reviews what arrived when a timer fires while a patch is still missing', async () => {
    const d = deps();
    const thread = (await records()).filter((_, i) => i !== 7);
    for (const r of thread) await arrive(d, r);
    expect(d.queue.reviews.size).toBe(0);
    expect(await placeInSeries(d, thread[3]!, 'wait')).toEqual({
      kind: 'review',
      reason: 'timeout',
      members: thread.map((r) => r.key),
    });
    expect(d.queue.reviews.size).toBe(1);
  });

  it('joins a reply to its thread without a review or a timer', async () => {
    const d = deps();
    const [cover, first] = await records();
    const reply: MessageRecord = {
      ...first!,
      key: 'reply@x',
      hasDiff: false,
      mail: {
        ...first!.mail,
        messageId: 'reply@x',
        inReplyTo: cover!.key,
        references: [cover!.key],
        subject: { ...first!.mail.subject, isReply: true, raw: `Re: ${first!.mail.subject.raw}` },
      },
    };
    expect(await arrive(d, reply)).toMatchObject({ kind: 'ignore' });
    expect(d.queue.reviews.size + d.queue.waits.size).toBe(0);
    expect((await d.messages.thread(cover!.key)).map((r) => r.key)).toEqual(['reply@x']);
  });

  it('queues nothing for a series no rule can fire on under this rule set', async () => {
    const d = deps();
    for (const r of await records()) await arrive(d, { ...r, quietFor: 'r1' });
    expect(d.queue.reviews.size + d.queue.waits.size).toBe(0);
  });
});
