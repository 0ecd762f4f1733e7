import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../test/helpers/test-redis.js';
import { TransientError } from '../errors.js';
import { CheckRunLock } from './check-run-lock.js';

const ref = { owner: 'Octo', repo: 'Linux', headSha: 'a'.repeat(40) };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('check-run lock (real Redis)', () => {
  const db = useTestRedis();
  let prefix = '';
  const lock = (options: ConstructorParameters<typeof CheckRunLock>[2] = {}): CheckRunLock => {
    prefix = db.freshPrefix('lock');
    return new CheckRunLock(db.redis(), prefix, { retryMs: 20, ...options });
  };

  it('runs holders of one repository and head commit one after another', async () => {
    const l = lock();
    const events: string[] = [];
    const hold = (name: string) =>
      l.withLock(ref, async () => {
        events.push(`${name}+`);
        await sleep(100);
        events.push(`${name}-`);
        return name;
      });
    expect(await Promise.all([hold('a'), hold('b'), hold('c')])).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < events.length; i += 2) expect(events[i]?.slice(0, 1)).toBe(events[i + 1]?.slice(0, 1));
    expect(await db.redis().exists(l.key(ref))).toBe(0);
  });

  it('lets other commits go in parallel; owner and repo compare without case', async () => {
    const l = lock();
    expect(l.key(ref)).toBe(l.key({ ...ref, owner: 'octo', repo: 'linux' }));
    let inside = 0;
    let most = 0;
    const hold = (sha: string) =>
      l.withLock({ ...ref, headSha: sha }, async () => {
        most = Math.max(most, ++inside);
        await sleep(80);
        inside--;
      });
    await Promise.all([hold('1'.repeat(40)), hold('2'.repeat(40))]);
    expect(most).toBe(2);
  });

  it('releases on error, and only its own token', async () => {
    const l = lock();
    await expect(l.withLock(ref, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await db.redis().exists(l.key(ref))).toBe(0);
    // A holder whose lock expired and was taken by another must not delete the other's.
    const short = new CheckRunLock(db.redis(), prefix, { ttlMs: 100000, retryMs: 20 });
    await short.withLock(ref, async () => {
      await db.redis().set(l.key(ref), 'someone-else');
    });
    expect(await db.redis().get(l.key(ref))).toBe('someone-else');
  });

  it('keeps the lock alive past its TTL while held', async () => {
    const l = lock({ ttlMs: 300 });
    await l.withLock(ref, async () => {
      await sleep(700);
      expect(await db.redis().exists(l.key(ref))).toBe(1);
    });
  });

  it('gives up with a TransientError (the job is retried) after waitMs', async () => {
    const l = lock({ waitMs: 150 });
    await db.redis().set(l.key(ref), 'held', 'PX', 5000);
    await expect(l.withLock(ref, () => Promise.resolve(1))).rejects.toBeInstanceOf(TransientError);
  });
});
