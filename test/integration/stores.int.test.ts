import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import { BlobStore } from '../../src/queue/blob-store.js';
import { FindingHistory } from '../../src/queue/finding-history.js';
import { MessageStore, slimMail, type MessageRecord } from '../../src/queue/message-store.js';
import { shortHash } from '../../src/queue/names.js';
import { mail } from '../helpers/patch-mail-factory.js';
import { deleteKeys, TEST_REDIS_URL } from '../helpers/service-harness.js';

describe('Redis stores (real Redis)', () => {
  let prefix = '';
  let redis: Redis;
  beforeEach(() => {
    prefix = `t${randomBytes(6).toString('hex')}`;
    redis = new Redis(TEST_REDIS_URL);
  });
  afterEach(async () => {
    await deleteKeys(TEST_REDIS_URL, prefix);
    redis.disconnect();
  });

  it('stores a blob once by content, visible to any client, until its retention ends', async () => {
    const blobs = new BlobStore(redis, prefix, 300);
    const raw = Buffer.from('From: a@b\r\n\r\nbody \xff', 'latin1');
    const sha = await blobs.put(raw);
    expect(await blobs.put(raw)).toBe(sha);
    const other = new Redis(TEST_REDIS_URL);
    expect((await new BlobStore(other, prefix).get(sha)).equals(raw)).toBe(true);
    other.disconnect();
    await new Promise((r) => setTimeout(r, 450));
    expect(await blobs.find(sha)).toBeNull();
    await expect(blobs.get(sha)).rejects.toBeInstanceOf(PermanentError);
  });

  it('records a Message-ID once and keeps thread members in arrival order', async () => {
    const store = new MessageStore(redis, prefix);
    const record = (id: string): MessageRecord => ({
      key: id,
      blob: 'b',
      sourceId: 's',
      itemKey: id,
      mail: mail({ subject: '[PATCH] x', id }),
      hasDiff: true,
    });
    expect(await store.putOnce(record('1@x'))).toBe(true);
    expect(await store.putOnce({ ...record('1@x'), blob: 'second copy' })).toBe(false);
    expect((await store.get('1@x'))?.blob).toBe('b');
    await store.putOnce(record('2@x'));
    await store.addToThread('root@x', '2@x');
    const members = await store.addToThread('root@x', '1@x');
    expect(members.map((m) => m.key)).toEqual(['2@x', '1@x']);
    expect((await store.addToThread('root@x', '2@x')).map((m) => m.key)).toEqual(['2@x', '1@x']);
  });

  it('stores the whole parse with the record that wins, and joins threads without reading them back', async () => {
    const store = new MessageStore(redis, prefix);
    const whole = mail({ subject: '[PATCH 1/2] x', id: 'p1@x' });
    const record: MessageRecord = {
      key: 'p1@x',
      blob: 'b1',
      sourceId: 's',
      itemKey: 'k',
      mail: slimMail(whole),
      hasDiff: true,
    };
    expect(await store.putOnce(record, { ...whole, commitMessage: 'first copy' })).toBe(true);
    // A second copy of the Message-ID changes neither the record nor the parse.
    expect(await store.putOnce({ ...record, blob: 'b2' }, { ...whole, commitMessage: 'second copy' })).toBe(false);
    const parsed = await store.parsed(['p1@x', 'never@x']);
    expect(parsed.get('p1@x')).toEqual({ ...whole, commitMessage: 'first copy' });
    expect(parsed.get('never@x')).toBeNull();
    // Another process (no cache) reads the same record.
    expect((await new MessageStore(redis, prefix, undefined, { cacheRecords: 0 }).get('p1@x'))?.blob).toBe('b1');
    await store.putOnce({
      ...record,
      key: 'r@x',
      mail: slimMail(mail({ subject: 'Re: [PATCH 1/2] x', id: 'r@x' })),
      hasDiff: false,
    });
    await store.joinThread('p1@x', 'r@x');
    await store.joinThread('p1@x', 'gone@x');
    expect((await store.addToThread('p1@x', 'p1@x')).map((r) => r.key)).toEqual(['r@x', 'p1@x']);
    expect((await store.thread('p1@x')).map((r) => r.key)).toEqual(['r@x', 'p1@x']);
  });

  it('keeps unthreaded roots per sender near in time, and reads several threads as one in arrival order', async () => {
    const store = new MessageStore(redis, prefix);
    const day = 24 * 3600 * 1000;
    expect(await store.joinUnthreaded('a|v1/3', 'r1@x', 10 * day, day, 10)).toEqual(['r1@x']);
    // A root keeps its first score: joining again elsewhere in time moves nothing.
    expect(await store.joinUnthreaded('a|v1/3', 'r1@x', 50 * day, day, 10)).toEqual(['r1@x']);
    expect(await store.joinUnthreaded('a|v1/3', 'r2@x', 10.5 * day, day, 10)).toEqual(['r1@x', 'r2@x']);
    expect(await store.joinUnthreaded('a|v1/3', 'far@x', 13 * day, day, 10)).toEqual(['far@x']);
    expect(await store.joinUnthreaded('b|v1/3', 'other@x', 10 * day, day, 10)).toEqual(['other@x']);
    expect(await store.joinUnthreaded('a|v1/3', 'r3@x', 10 * day, day, 2)).toHaveLength(2);

    const record = (id: string): MessageRecord => ({
      key: id,
      blob: 'b',
      sourceId: 's',
      itemKey: id,
      mail: mail({ subject: '[PATCH] x', id }),
      hasDiff: true,
    });
    for (const id of ['a1@x', 'b1@x', 'a2@x', 'b2@x']) await store.putOnce(record(id));
    await store.joinThread('a@x', 'a1@x');
    await store.joinThread('b@x', 'b1@x');
    await store.joinThread('a@x', 'a2@x');
    await store.joinThread('b@x', 'b2@x');
    expect((await store.threads(['b@x', 'a@x', 'none@x'])).map((r) => r.key)).toEqual(['a1@x', 'b1@x', 'a2@x', 'b2@x']);
  });

  it('runs its scripts again after Redis forgot them (a restart empties the script cache)', async () => {
    const store = new MessageStore(redis, prefix, undefined, { cacheRecords: 0 });
    await store.addToThread('t@x', 'a@x');
    await redis.script('FLUSH');
    await store.joinThread('t@x', 'b@x');
    expect(await redis.zrange(`${prefix}:app:thread:${shortHash('t@x')}`, '0', '-1')).toEqual(['a@x', 'b@x']);
  });

  it('remembers the earliest version each finding was raised on, whatever the review order', async () => {
    const history = new FindingHistory(redis, prefix);
    expect([...(await history.record('w', 3, ['a', 'b']))]).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    // v1 reviewed late (a backfill): nothing was raised before v1, and v1 becomes the earliest.
    expect([...(await history.record('w', 1, ['a']))]).toEqual([['a', 3]]);
    expect([...(await history.record('w', 4, ['a', 'b', 'c']))]).toEqual([
      ['a', 1],
      ['b', 3],
      ['c', 0],
    ]);
    expect(await history.record('other', 1, [])).toEqual(new Map());
  });
});
