import { describe, expect, it } from 'vitest';
import { createTokenCache } from './token-cache.js';

/** An entry the way @octokit/auth-app writes it: token|createdAt|expiresAt|selection|permissions|file. */
const entry = (token: string, expiresAtMs: number): string =>
  `${token}|2026-12-07T10:00:00Z|${new Date(expiresAtMs).toISOString()}|all|checks!,pull_requests!,contents|`;

describe('installation-token cache', () => {
  it('keeps a token until a margin before the expiry GitHub gave it', () => {
    let now = 1_000_000;
    const cache = createTokenCache({ marginMs: 60_000, now: () => now });
    cache.set('42', entry('ghs_a', now + 10 * 60_000));
    now += 8 * 60_000;
    expect(cache.get('42')).toBe(entry('ghs_a', 1_000_000 + 10 * 60_000));
    now += 60_000;
    expect(cache.get('42')).toBeUndefined();
  });

  it('never keeps a token that expires within the margin, and keeps an unreadable entry the fallback time', () => {
    let now = 5_000_000;
    const cache = createTokenCache({ marginMs: 60_000, fallbackTtlMs: 120_000, now: () => now });
    cache.set('1', entry('ghs_short', now + 30_000));
    expect(cache.get('1')).toBeUndefined();
    cache.set('2', 'ghs_b|no dates here');
    now += 119_000;
    expect(cache.get('2')).toBe('ghs_b|no dates here');
    now += 1_000;
    expect(cache.get('2')).toBeUndefined();
  });

  it('holds at most its capacity, dropping the oldest entry', () => {
    const now = 0;
    const cache = createTokenCache({ capacity: 2, now: () => now });
    for (const k of ['a', 'b', 'c']) cache.set(k, entry(`ghs_${k}`, 3600_000));
    expect([cache.get('a'), cache.get('b') !== undefined, cache.get('c') !== undefined]).toEqual([
      undefined,
      true,
      true,
    ]);
  });
});
