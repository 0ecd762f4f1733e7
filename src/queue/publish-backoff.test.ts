import { describe, expect, it } from 'vitest';
import {
  attemptsWithin,
  DEFAULT_PUBLISH_BACKOFF,
  mailOutageDelay,
  mailOutageStrategy,
  PublishBackoff,
  publishJobOptions,
} from './publish-backoff.js';

const S = 1000;
const MIN = 60 * S;

/** Every wait of a job with these options, in order. */
const waits = (b: PublishBackoff): number[] =>
  Array.from({ length: attemptsWithin(b) - 1 }, (_, i) => mailOutageDelay(i + 1, b));
const sum = (xs: number[]): number => xs.reduce((a, x) => a + x, 0);

describe('the publish backoff', () => {
  it('defaults to 5 s doubling, capped at 10 min, for a day', () => {
    expect(DEFAULT_PUBLISH_BACKOFF).toEqual({
      firstDelayMs: 5 * S,
      maxDelayMs: 10 * MIN,
      giveUpAfterMs: 24 * 60 * MIN,
    });
    const w = waits(DEFAULT_PUBLISH_BACKOFF);
    expect(w.slice(0, 9)).toEqual([5, 10, 20, 40, 80, 160, 320, 600, 600].map((s) => s * S));
    expect(Math.max(...w)).toBe(10 * MIN);
    // Just over a day of waiting, and not a whole extra wait over.
    expect(sum(w)).toBeGreaterThanOrEqual(24 * 60 * MIN);
    expect(sum(w) - w.at(-1)!).toBeLessThan(24 * 60 * MIN);
    expect(attemptsWithin(DEFAULT_PUBLISH_BACKOFF)).toBe(151);
  });

  it('outlasts the old schedule’s four minutes by far', () => {
    expect(sum(waits(DEFAULT_PUBLISH_BACKOFF))).toBeGreaterThan(60 * 4 * MIN);
  });

  it('stays at the cap however many attempts were made (no overflow)', () => {
    expect(mailOutageDelay(2000, DEFAULT_PUBLISH_BACKOFF)).toBe(10 * MIN);
    expect(mailOutageStrategy(DEFAULT_PUBLISH_BACKOFF)(2000)).toBe(10 * MIN);
  });

  it('gives up after the configured span when it ends inside the doubling phase', () => {
    const b = PublishBackoff.parse({ firstDelayMs: 100, maxDelayMs: 10_000, giveUpAfterMs: 1000 });
    // 100 + 200 + 400 = 700 < 1000, + 800 = 1500: four retries, five attempts.
    expect(waits(b)).toEqual([100, 200, 400, 800]);
    expect(publishJobOptions(b)).toEqual({ attempts: 5, backoff: { type: 'mail-outage' } });
  });

  it('rejects a first wait above the cap, and unknown keys', () => {
    expect(PublishBackoff.safeParse({ firstDelayMs: 20_000, maxDelayMs: 10_000 }).success).toBe(false);
    expect(PublishBackoff.safeParse({ firstDelay: 1 }).success).toBe(false);
  });
});
