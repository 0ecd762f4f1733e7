/**
 * The installation-token cache given to @octokit/auth-app. Its own cache keeps every token for
 * a fixed 59 minutes, whatever GitHub said: a token that expires sooner (GitHub Enterprise
 * settings, a clock ahead of GitHub's, a token minted near a key rotation) would be used after
 * its expiry and every call would fail with 401 until the entry aged out. This one keeps a
 * token until a margin before the `expires_at` GitHub gave it, so the next call mints a fresh
 * one. In-process on purpose: tokens are secrets, and keeping them out of Redis costs each
 * worker one token request per installation and hour.
 */

import { TtlMap } from '../cache/ttl-map.js';

/** What auth-app calls on its `cache` option. */
export interface TokenCache {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface TokenCacheOptions {
  /** A token is dropped this long before it expires. @defaultValue 5 minutes */
  readonly marginMs?: number;
  /** Kept when the entry names no expiry we can read (auth-app's own figure). @defaultValue 59 minutes */
  readonly fallbackTtlMs?: number;
  /** At most this many tokens (one per installation and permission set). @defaultValue 15000 */
  readonly capacity?: number;
  readonly now?: () => number;
}

/**
 * auth-app stores `token|createdAt|expiresAt|…` (ISO dates). Read defensively: an entry of
 * another shape keeps the fallback lifetime, as auth-app's own cache would.
 */
function expiryOf(value: string): number | null {
  const expiresAt = value.split('|')[2];
  if (expiresAt === undefined) return null;
  const ms = Date.parse(expiresAt);
  return Number.isFinite(ms) ? ms : null;
}

export function createTokenCache(options: TokenCacheOptions = {}): TokenCache {
  const marginMs = options.marginMs ?? 5 * 60_000;
  const fallbackTtlMs = options.fallbackTtlMs ?? 59 * 60_000;
  const capacity = options.capacity ?? 15_000;
  const now = options.now ?? Date.now;
  const entries = new TtlMap<string>(capacity);
  return {
    get: (key) => entries.get(key, now()),
    set(key, value) {
      const expiry = expiryOf(value);
      const until = expiry === null ? now() + fallbackTtlMs : expiry - marginMs;
      if (until > now()) entries.set(key, value, until);
      else entries.delete(key);
    },
  };
}
