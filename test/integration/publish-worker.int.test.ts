import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPublishWorker } from '../../workers/publish.js';
import { jobId } from '../../src/queue/jobs.js';
import { ListRateLimiter, type RateLimit } from '../../src/queue/list-rate-limit.js';
import { appKey, QUEUE } from '../../src/queue/names.js';
import { attemptsWithin, PublishBackoff } from '../../src/queue/publish-backoff.js';
import { createQueues } from '../../src/queue/queues.js';
import { ReplyStore } from '../../src/queue/reply-store.js';
import type { EmailReply } from '../../src/render/email-reply.js';
import { reissueReply } from '../../src/review/reissue-reply.js';
import { RedisSentLedger } from '../../src/sinks/sent-ledger.js';
import type { Publication, PublishReceipt, Sink } from '../../src/sinks/sink.js';
import { createSmtpTransport, SmtpSink } from '../../src/sinks/smtp.js';
import { startSmtpServer, type RcptPolicy, type SmtpTestServer } from '../helpers/smtp-test-server.js';
import { TEST_REDIS_URL, useTestRedis } from '../helpers/test-redis.js';

/** A sink that counts what it is asked to send (the real sinks have their own tests). */
class CountingSink implements Sink {
  readonly id = 'smtp';
  readonly sent: string[] = [];
  accepts(): boolean {
    return true;
  }
  publish(p: Publication): Promise<PublishReceipt> {
    this.sent.push(p.reply.messageId);
    return Promise.resolve({ sinkId: this.id, outcome: 'sent', ref: p.reply.messageId });
  }
}

const reply = (n: number): EmailReply => ({
  messageId: `dax-review.${String(n).padStart(24, '0')}@example.org`,
  inReplyTo: `p${n}@x`,
  references: [`p${n}@x`],
  subject: `Re: [PATCH] ${n}`,
  from: { name: '', address: 'bot@example.org' },
  to: [{ name: '', address: `a${n}@example.org` }],
  cc: [],
  headers: {},
  text: 'x\n',
  fingerprint: String(n).padStart(24, '0'),
});

describe('publish worker (real Redis)', () => {
  const db = useTestRedis();
  let prefix = '';
  let redis: Redis;
  let queue: Queue;
  let events: QueueEvents;
  const closers: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    prefix = db.freshPrefix('publish');
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE.publish, { connection: redis, prefix });
    events = new QueueEvents(QUEUE.publish, { connection: redis.duplicate(), prefix });
    await events.waitUntilReady();
  });
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await events.close();
    await queue.close();
    redis.disconnect();
  });

  function start<S extends Sink>(
    sink: S,
    limit?: RateLimit,
    backoff?: PublishBackoff,
  ): { sink: S; replies: ReplyStore } {
    const replies = new ReplyStore(redis, prefix);
    const worker = createPublishWorker({
      connection: redis,
      prefix,
      log: pino({ level: 'silent' }),
      concurrency: 2,
      replies,
      sinks: new Map([[sink.id, sink]]),
      ...(limit ? { rateLimits: new Map([[sink.id, new ListRateLimiter(redis, prefix, limit)]]) } : {}),
      ...(backoff ? { backoff } : {}),
    });
    closers.push(() => worker.close());
    return { sink, replies };
  }

  /** The real SMTP sink on a real smtp-server, allowed to post to `allowed` only. */
  async function smtpSink(allowed: string, rcpt?: RcptPolicy): Promise<{ sink: SmtpSink; smtp: SmtpTestServer }> {
    const smtp = await startSmtpServer(0, rcpt);
    const sink = new SmtpSink({
      transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`),
      ledger: new RedisSentLedger(redis, `${appKey(prefix, 'smtp')}:`),
      allowedLists: [allowed],
      logger: pino({ level: 'silent' }),
      server: `127.0.0.1:${smtp.port}`,
    });
    closers.push(async () => {
      await sink.close();
      await smtp.stop();
    });
    return { sink, smtp };
  }
  const rateKeys = (): Promise<string[]> => redis.keys(`${appKey(prefix, 'rate')}*`);
  // Retries a few times quickly: the attempts of one job, as during an SMTP outage.
  const retrying = { attempts: 5, backoff: { type: 'fixed', delay: 50 } };

  it('sends a reply once however often its job runs', async () => {
    const { sink, replies } = start(new CountingSink());
    const ref = await replies.put({ kind: 'email-reply', listId: 'l', reply: reply(1) });
    const run = async (id: string): Promise<PublishReceipt> =>
      (await queue.add('publish', { sinkId: 'smtp', reply: ref }, { jobId: id })).waitUntilFinished(
        events,
        10_000,
      ) as Promise<PublishReceipt>;
    expect((await run(jobId.publish('smtp', ref))).outcome).toBe('sent');
    // A duplicated job under another id (a second review of the same patch) finds the record.
    expect((await run(`${jobId.publish('smtp', ref)}-again`)).outcome).toBe('skipped-duplicate');
    expect(sink.sent).toHaveLength(1);
  });

  it('holds replies over a list’s rate back (delayed, not failed), other lists go on', async () => {
    const { sink, replies } = start(new CountingSink(), { max: 1, windowMs: 60_000 });
    const refs = await Promise.all(
      [1, 2].map((n) => replies.put({ kind: 'email-reply', listId: 'busy.example.org', reply: reply(n) })),
    );
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

  it('spends one rate slot on a reply however many attempts its send takes', async () => {
    // The server refuses the first reply's recipient twice with 450 (try later), then takes it.
    let refusals = 2;
    const { sink: smtpSinkReal, smtp } = await smtpSink('busy.example.org', (a) =>
      a === 'a1@example.org' && refusals-- > 0 ? 450 : 'ok',
    );
    const { replies } = start(smtpSinkReal, { max: 2, windowMs: 60_000 });
    const refs = await Promise.all(
      [1, 2, 3].map((n) => replies.put({ kind: 'email-reply', listId: 'busy.example.org', reply: reply(n) })),
    );
    const first = await queue.add('publish', { sinkId: 'smtp', reply: refs[0]! }, { jobId: 'a', ...retrying });
    expect(await first.waitUntilFinished(events, 10_000)).toMatchObject({ outcome: 'sent' });
    expect((await queue.getJob('a'))?.attemptsMade).toBe(3);
    // Three attempts, one slot: the second reply still fits in the window of two, the third waits.
    const second = await queue.add('publish', { sinkId: 'smtp', reply: refs[1]! }, { jobId: 'b', ...retrying });
    expect(await second.waitUntilFinished(events, 10_000)).toMatchObject({ outcome: 'sent' });
    const third = await queue.add('publish', { sinkId: 'smtp', reply: refs[2]! }, { jobId: 'c', ...retrying });
    for (let i = 0; i < 40 && (await third.getState()) !== 'delayed'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await third.getState()).toBe('delayed');
    expect(smtp.received.map((m) => m.to)).toEqual([['a1@example.org'], ['a2@example.org']]);
  });

  it('spends no rate slot on replies to a list that is not allowed', async () => {
    const { sink: smtpSinkReal, smtp } = await smtpSink('allowed.example.org');
    const { replies } = start(smtpSinkReal, { max: 1, windowMs: 60_000 });
    for (const n of [1, 2]) {
      const ref = await replies.put({ kind: 'email-reply', listId: 'other.example.org', reply: reply(n) });
      const job = await queue.add('publish', { sinkId: 'smtp', reply: ref }, { jobId: `n${n}` });
      // Both finish at once (with max 1, a second slot taken would have delayed the second).
      expect(await job.waitUntilFinished(events, 10_000)).toMatchObject({ outcome: 'skipped-not-allowed' });
    }
    expect(await rateKeys()).toEqual([]);
    expect(smtp.received).toHaveLength(0);
  });

  it('records a reply to a list that is not allowed as not sent, and does not send it when the list is allowed later', async () => {
    const before = await smtpSink('allowed.example.org');
    const { replies } = start(before.sink);
    const publication = { kind: 'email-reply', listId: 'later.example.org', reply: reply(1) } as const;
    const ref = await replies.put(publication);
    const first = await queue.add('publish', { sinkId: 'smtp', reply: ref }, { jobId: 'first' });
    expect(await first.waitUntilFinished(events, 10_000)).toEqual({
      sinkId: 'smtp',
      outcome: 'skipped-not-allowed',
      ref: null,
    });
    expect(await replies.published('smtp', reply(1).messageId)).toMatchObject({
      outcome: 'skipped-not-allowed',
      at: expect.any(String) as unknown,
    });
    for (const c of closers.splice(0)) await c();

    // The operator allows the list; the same reply comes round again (a re-review after the
    // first job expired): still not sent, and said so, not "already published".
    const after = await smtpSink('later.example.org');
    start(after.sink, { max: 5, windowMs: 60_000 });
    const again = await queue.add('publish', { sinkId: 'smtp', reply: ref }, { jobId: 'again' });
    expect(await again.waitUntilFinished(events, 10_000)).toEqual({
      sinkId: 'smtp',
      outcome: 'skipped-not-allowed',
      ref: null,
    });
    expect(after.smtp.received).toHaveLength(0);
    expect(await rateKeys()).toEqual([]);

    // `rereview --force` reissues it under a Message-ID of its own: that one is sent.
    const forced = await replies.put({ ...publication, reply: reissueReply(reply(1), 'force-1') });
    const sent = await queue.add('publish', { sinkId: 'smtp', reply: forced }, { jobId: 'forced' });
    expect(await sent.waitUntilFinished(events, 10_000)).toMatchObject({ outcome: 'sent' });
    expect(after.smtp.received).toHaveLength(1);
  });

  it('retries a send refused with 4xx on the publish queue’s schedule, and fails a 5xx at once', async () => {
    // The service's own queue options, with short waits: 100 ms, 200 ms, 200 ms …
    const backoff = PublishBackoff.parse({ firstDelayMs: 100, maxDelayMs: 200, giveUpAfterMs: 60_000 });
    const publish = createQueues(redis, prefix, backoff).publish;
    closers.push(() => publish.close());
    let busy = 3;
    const { sink } = await smtpSink('l.example.org', (a) => (a === 'a2@example.org' ? 550 : busy-- > 0 ? 450 : 'ok'));
    const { replies } = start(sink, undefined, backoff);
    const [later, never] = await Promise.all(
      [1, 2].map((n) => replies.put({ kind: 'email-reply', listId: 'l.example.org', reply: reply(n) })),
    );

    const t0 = Date.now();
    const retried = await publish.add('publish', { sinkId: 'smtp', reply: later! }, { jobId: 'later' });
    expect(await retried.waitUntilFinished(events, 10_000)).toMatchObject({ outcome: 'sent' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100 + 200 + 200);
    const done = await publish.getJob('later');
    expect([done?.attemptsMade, done?.opts.attempts]).toEqual([4, attemptsWithin(backoff)]);

    const refused = await publish.add('publish', { sinkId: 'smtp', reply: never! }, { jobId: 'never' });
    await expect(refused.waitUntilFinished(events, 10_000)).rejects.toThrow(/refused permanently/);
    expect((await publish.getJob('never'))?.attemptsMade).toBe(1);
  });
});
