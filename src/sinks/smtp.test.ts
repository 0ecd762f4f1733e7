import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderSampleReply } from '../../test/helpers/sample-reply.js';
import { startSmtpServer, type RcptPolicy, type SmtpTestServer } from '../../test/helpers/smtp-test-server.js';
import { PermanentError, TransientError } from '../errors.js';
import type { EmailReply } from '../render/email-reply.js';
import { RedisSentLedger } from './sent-ledger.js';
import type { MailPublication } from './sink.js';
import { createSmtpTransport, envelopeOf, smtpServerLabel, SmtpSink } from './smtp.js';

// Real servers: an smtp-server process on a free loopback port, the suite's Redis for the ledger.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIST = 'linux-mm.kvack.org';

describe('SmtpSink against a real SMTP server', () => {
  let redis: Redis;
  let prefix = '';
  const servers: SmtpTestServer[] = [];
  const sinks: SmtpSink[] = [];
  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  beforeEach(() => {
    prefix = `test-smtp-${randomUUID()}:`;
  });
  afterAll(async () => {
    await redis.quit();
  });
  afterEach(async () => {
    for (const s of sinks.splice(0)) await s.close();
    for (const s of servers.splice(0)) await s.stop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  async function server(port = 0, rcpt?: RcptPolicy): Promise<SmtpTestServer> {
    const s = await startSmtpServer(port, rcpt);
    servers.push(s);
    return s;
  }
  function sink(port: number, allowedLists = [LIST]): SmtpSink {
    const s = new SmtpSink({
      transport: createSmtpTransport(`smtp://127.0.0.1:${port}`),
      ledger: new RedisSentLedger(redis, prefix),
      allowedLists,
      logger: pino({ level: 'silent' }),
      server: `127.0.0.1:${port}`,
    });
    sinks.push(s);
    return s;
  }
  const publication = (reply: EmailReply, listId: string | null = `Linux MM <${LIST}>`): MailPublication => ({
    kind: 'email-reply',
    listId,
    reply,
  });
  const signal = () => new AbortController().signal;

  it("delivers the reply once, to the author and (reply-all) the patch's To, Cc and the list, headers intact", async () => {
    const smtp = await server();
    const reply = await renderSampleReply();
    const s = sink(smtp.port);
    expect(await s.publish(publication(reply), signal())).toEqual({
      sinkId: 'smtp',
      outcome: 'sent',
      ref: reply.messageId,
    });
    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0]!;
    expect(got.from).toBe('bot@dax-review.invalid');
    expect(got.to).toEqual([
      'jhubbard@nvidia.com',
      'akpm@linux-foundation.org',
      'linux-kernel@vger.kernel.org',
      'linux-mm@kvack.org',
    ]);
    const mail = await simpleParser(got.raw);
    expect(mail.messageId).toBe(`<${reply.messageId}>`);
    expect(mail.inReplyTo).toBe('<20200527223243.884385-3-jhubbard@nvidia.com>');
    expect(mail.references).toEqual([
      '<20200527223243.884385-1-jhubbard@nvidia.com>',
      '<20200527223243.884385-3-jhubbard@nvidia.com>',
    ]);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-dax-review-fingerprint')).toBe(reply.fingerprint);
    expect(mail.text).toBe(reply.text);

    // The same reply again (a retried job, a re-run), even through a new sink object: nothing sent.
    expect((await s.publish(publication(reply), signal())).outcome).toBe('skipped-duplicate');
    expect((await sink(smtp.port).publish(publication(reply), signal())).outcome).toBe('skipped-duplicate');
    expect(smtp.received).toHaveLength(1);
    expect(await new RedisSentLedger(redis, prefix).get(reply.messageId)).toMatchObject({
      sinkId: 'smtp',
      accepted: [
        'jhubbard@nvidia.com',
        'akpm@linux-foundation.org',
        'linux-kernel@vger.kernel.org',
        'linux-mm@kvack.org',
      ],
    });
  });

  it('declares an 8bit body with BODY=8BITMIME and delivers it byte for byte', async () => {
    const smtp = await server();
    const base = await renderSampleReply();
    const reply: EmailReply = {
      ...base,
      messageId: 'dax-review.8bit@dax-review.invalid',
      to: [{ name: 'Björn Töpel', address: 'bjorn@kernel.org' }],
      text: `Hi Björn,\n\n> +\t\tfoo();\n`,
    };
    expect((await sink(smtp.port).publish(publication(reply), signal())).outcome).toBe('sent');
    expect(smtp.received[0]?.mailFromArgs).toMatchObject({ BODY: '8BITMIME' });
    expect((await simpleParser(smtp.received[0]!.raw)).text).toBe(reply.text);
    // A pure-ASCII reply is 7bit and declares nothing.
    const ascii = await renderSampleReply();
    const other = await server();
    expect((await sink(other.port).publish(publication(ascii), signal())).outcome).toBe('sent');
    expect(other.received[0]!.mailFromArgs).not.toHaveProperty('BODY');
  });

  it('sends once when two workers publish the same reply at the same moment', async () => {
    const smtp = await server();
    const reply = await renderSampleReply();
    const results = await Promise.allSettled(
      [sink(smtp.port), sink(smtp.port)].map((s) => s.publish(publication(reply), signal())),
    );
    expect(smtp.received).toHaveLength(1);
    const sent = results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'sent');
    expect(sent).toHaveLength(1);
    // The other either found the record or met the claim and failed transiently (to be retried).
    for (const r of results.filter((x) => !sent.includes(x))) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TransientError);
      else expect(r.value.outcome).toBe('skipped-duplicate');
    }
    expect((await sink(smtp.port).publish(publication(reply), signal())).outcome).toBe('skipped-duplicate');
    expect(smtp.received).toHaveLength(1);
  });

  it('throws a transient error while the server is down, then sends once it is back', async () => {
    const first = await server();
    const port = first.port;
    await first.stop();
    servers.splice(0);
    const reply = await renderSampleReply();
    const s = sink(port);
    const down = s.publish(publication(reply), signal());
    await expect(down).rejects.toBeInstanceOf(TransientError);
    await expect(down).rejects.toThrow(`smtp 127.0.0.1:${port}`);
    expect(await new RedisSentLedger(redis, prefix).has(reply.messageId)).toBe(false);

    const back = await server(port);
    expect((await s.publish(publication(reply), signal())).outcome).toBe('sent');
    expect(back.received).toHaveLength(1);
  });

  it('retries on 4xx and fails permanently, naming the recipient, on 5xx', async () => {
    const reply = await renderSampleReply();
    const busy = await server(0, () => 450);
    await expect(sink(busy.port).publish(publication(reply), signal())).rejects.toBeInstanceOf(TransientError);
    const refusing = await server(0, () => 550);
    const err: unknown = await sink(refusing.port)
      .publish(publication(reply), signal())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(String(err)).toMatch(/refused permanently.*550/);
    expect(String(err)).toContain('jhubbard@nvidia.com');
    expect(busy.received).toHaveLength(0);
    expect(refusing.received).toHaveLength(0);
  });

  it('sends to the recipients that accept when one refuses, and records the send', async () => {
    const smtp = await server(0, (a) => (a === 'linux-mm@kvack.org' ? 550 : 'ok'));
    const reply = await renderSampleReply();
    expect((await sink(smtp.port).publish(publication(reply), signal())).outcome).toBe('sent');
    expect(smtp.received.map((m) => m.to)).toEqual([
      ['jhubbard@nvidia.com', 'akpm@linux-foundation.org', 'linux-kernel@vger.kernel.org'],
    ]);
    expect(await new RedisSentLedger(redis, prefix).has(reply.messageId)).toBe(true);
  });

  it('does not send on a list that is not on the allow-list, or on mail from no list', async () => {
    const smtp = await server();
    const reply = await renderSampleReply();
    const s = sink(smtp.port, ['nvdimm.lists.linux.dev']);
    expect(await s.publish(publication(reply), signal())).toEqual({
      sinkId: 'smtp',
      outcome: 'skipped-not-allowed',
      ref: null,
    });
    expect((await s.publish(publication(reply, null), signal())).outcome).toBe('skipped-not-allowed');
    expect(smtp.received).toHaveLength(0);
    expect(await new RedisSentLedger(redis, prefix).has(reply.messageId)).toBe(false);
  });

  it('labels servers without credentials and de-duplicates envelope recipients', async () => {
    expect(smtpServerLabel('smtp://bot:s3cret@mail.example.org:587')).toBe('mail.example.org:587');
    expect(smtpServerLabel('smtps://mail.example.org')).toBe('mail.example.org:465');
    expect(smtpServerLabel('not a url')).toBe('(invalid SMTP_URL)');
    const reply = await renderSampleReply();
    const twice: EmailReply = {
      ...reply,
      cc: [
        { name: '', address: 'JHubbard@nvidia.com' },
        { name: '', address: 'linux-mm@kvack.org' },
      ],
    };
    expect(envelopeOf(twice)).toEqual({
      from: 'bot@dax-review.invalid',
      to: ['jhubbard@nvidia.com', 'linux-mm@kvack.org'],
    });
  });
});
