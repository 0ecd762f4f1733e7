import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPublishWorker } from '../../workers/publish.js';
import { jobId } from '../../src/queue/jobs.js';
import { ListRateLimiter } from '../../src/queue/list-rate-limit.js';
import { QUEUE } from '../../src/queue/names.js';
import { ReplyStore } from '../../src/queue/reply-store.js';
import type { EmailReply } from '../../src/render/email-reply.js';
import type { Publication, PublishReceipt, Sink } from '../../src/sinks/sink.js';
import { deleteKeys, TEST_REDIS_URL } from '../helpers/service-harness.js';

/** A sink that counts what it is asked to send (the real sinks have their own tests). */
class CountingSink implements Sink {
  readonly id = 'smtp';
  readonly sent: string[] = [];
  accepts(): boolean { return true; }
  publish(p: Publication): Promise<PublishReceipt> {
    this.sent.push(p.reply.messageId);
    return Promise.resolve({ sinkId: this.id, outcome: 'sent', ref: p.reply.messageId });
  }
}

const reply = (n: number): EmailReply => ({
  messageId: `dax-review.${String(n).padStart(24, '0')}@example.org`, inReplyTo: `p${n}@x`, references: [`p${n}@x`],
  subject: `Re: [PATCH] ${n}`, from: { name: '', address: 'bot@example.org' }, to: [{ name: '', address: 'a@example.org' }], cc: [],
  headers: {}, text: 'x\n', fingerprint: String(n).padStart(24, '0'),
});

describe('publish worker (real Redis)', () => {
  let prefix = '';
  let redis: Redis;
  let queue: Queue;
  let events: QueueEvents;
  const closers: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    prefix = `t${randomBytes(6).toString('hex')}`;
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE.publish, { connection: redis, prefix });
    events = new QueueEvents(QUEUE.publish, { connection: redis.duplicate(), prefix });
    await events.waitUntilReady();
  });
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await events.close();
    await queue.close();
    await deleteKeys(TEST_REDIS_URL, prefix);
    redis.disconnect();
  });

  function start(limit?: { max: number; windowMs: number }): { sink: CountingSink; replies: ReplyStore } {
    const sink = new CountingSink();
    const replies = new ReplyStore(redis, prefix);
    const worker = createPublishWorker({
      connection: redis, prefix, log: pino({ level: 'silent' }), concurrency: 2, replies, sinks: new Map([[sink.id, sink]]),
      ...(limit ? { rateLimits: new Map([[sink.id, new ListRateLimiter(redis, prefix, limit)]]) } : {}),
    });
    closers.push(() => worker.close());
    return { sink, replies };
  }

  it('sends a reply once however often its job runs', async () => {
    const { sink, replies } = start();
    const ref = await replies.put({ kind: 'email-reply', listId: 'l', reply: reply(1) });
    const run = async (id: string): Promise<PublishReceipt> =>
      (await queue.add('publish', { sinkId: 'smtp', reply: ref }, { jobId: id })).waitUntilFinished(events, 10_000) as Promise<PublishReceipt>;
    expect((await run(jobId.publish('smtp', ref))).outcome).toBe('sent');
    // A duplicated job under another id (a second review of the same patch) finds the record.
    expect((await run(`${jobId.publish('smtp', ref)}-again`)).outcome).toBe('skipped-duplicate');
    expect(sink.sent).toHaveLength(1);
  });

  it('holds replies over a list’s rate back (delayed, not failed), other lists go on', async () => {
    const { sink, replies } = start({ max: 1, windowMs: 60_000 });
    const refs = await Promise.all([1, 2].map((n) => replies.put({ kind: 'email-reply', listId: 'busy.example.org', reply: reply(n) })));
    const other = await replies.put({ kind: 'email-reply', listId: 'quiet.example.org', reply: reply(3) });
    const first = await queue.add('publish', { sinkId: 'smtp', reply: refs[0]! }, { jobId: 'a' });
    await first.waitUntilFinished(events, 10_000);
    const second = await queue.add('publish', { sinkId: 'smtp', reply: refs[1]! }, { jobId: 'b' });
    const third = await queue.add('publish', { sinkId: 'smtp', reply: other }, { jobId: 'c' });
    await third.waitUntilFinished(events, 10_000);
    for (let i = 0; i < 40 && (await second.getState()) !== 'delayed'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await second.getState()).toBe('delayed');
    expect(((await queue.getJob('b')) as Job).attemptsMade).toBe(0);
    expect(sink.sent).toEqual([reply(1).messageId, reply(3).messageId]);
  });
});
