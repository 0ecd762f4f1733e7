import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import { BlobStore } from '../../src/queue/blob-store.js';
import { FindingHistory } from '../../src/queue/finding-history.js';
import { MessageStore, type MessageRecord } from '../../src/queue/message-store.js';
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
    const record = (id: string): MessageRecord => ({ key: id, blob: 'b', sourceId: 's', itemKey: id, mail: mail({ subject: '[PATCH] x', id }), hasDiff: true });
    expect(await store.putOnce(record('1@x'))).toBe(true);
    expect(await store.putOnce({ ...record('1@x'), blob: 'second copy' })).toBe(false);
    expect((await store.get('1@x'))?.blob).toBe('b');
    await store.putOnce(record('2@x'));
    await store.addToThread('root@x', '2@x');
    const members = await store.addToThread('root@x', '1@x');
    expect(members.map((m) => m.key)).toEqual(['2@x', '1@x']);
    expect((await store.addToThread('root@x', '2@x')).map((m) => m.key)).toEqual(['2@x', '1@x']);
  });

  it('remembers the earliest version each finding was raised on, whatever the review order', async () => {
    const history = new FindingHistory(redis, prefix);
    expect([...(await history.record('w', 3, ['a', 'b']))]).toEqual([['a', 0], ['b', 0]]);
    // v1 reviewed late (a backfill): nothing was raised before v1, and v1 becomes the earliest.
    expect([...(await history.record('w', 1, ['a']))]).toEqual([['a', 3]]);
    expect([...(await history.record('w', 4, ['a', 'b', 'c']))]).toEqual([['a', 1], ['b', 3], ['c', 0]]);
    expect(await history.record('other', 1, [])).toEqual(new Map());
  });
});
