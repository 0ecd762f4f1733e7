/**
 * Conformance suite every PullSource must pass (BullMQ's adapter-conformance idea): every
 * delivered message is handed out once, in delivery order, with the source's id and unique
 * item keys; `limit` bounds a poll (a spool file may overshoot by one file); polling from the
 * returned cursor (after acknowledging, for sources that need it) resumes exactly.
 *
 * `make` builds a fresh, empty source; `deliver` makes messages available to it.
 */
import { describe, expect, it } from 'vitest';
import { acknowledges } from '../../src/sources/acknowledge.js';
import type { PullSource, RawItem } from '../../src/sources/source.js';

export interface SourceUnderTest {
  readonly source: PullSource;
  deliver(raws: readonly Buffer[]): void | Promise<void>;
  cleanup(): void | Promise<void>;
}

const messageIdOf = (raw: Buffer): string => /^Message-ID:\s*<([^>]+)>/im.exec(raw.toString('latin1'))?.[1] ?? '(none)';

/** Polls (acknowledging) until a poll comes back empty. */
async function drain(
  source: PullSource,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: RawItem[]; next: string | undefined }> {
  const items: RawItem[] = [];
  let next = cursor;
  for (let i = 0; i < 1000; i++) {
    const page = await source.poll(next, limit, new AbortController().signal);
    if (acknowledges(source)) await source.acknowledge(page.items);
    next = page.next;
    if (page.items.length === 0) break;
    items.push(...page.items);
  }
  return { items, next };
}

/** @param raws at least two real messages with distinct Message-IDs */
export function describeSourceContract(
  name: string,
  raws: readonly Buffer[],
  make: () => SourceUnderTest | Promise<SourceUnderTest>,
): void {
  const half = Math.ceil(raws.length / 2);
  describe(`${name} (PullSource contract)`, () => {
    it('hands every message out once, in order, and resumes exactly from its cursor', async () => {
      const t = await make();
      try {
        await t.deliver(raws.slice(0, half));
        const first = await drain(t.source, undefined, 2);
        expect(first.items.map((i) => messageIdOf(i.raw))).toEqual(raws.slice(0, half).map(messageIdOf));
        for (const item of first.items) {
          expect(item.sourceId).toBe(t.source.id);
          expect(item.kind).toBe('rfc822');
          expect(Number.isNaN(Date.parse(item.receivedAt))).toBe(false);
        }
        expect((await drain(t.source, first.next, 2)).items).toHaveLength(0);

        await t.deliver(raws.slice(half));
        const second = await drain(t.source, first.next, 2);
        expect(second.items.map((i) => messageIdOf(i.raw))).toEqual(raws.slice(half).map(messageIdOf));
        const keys = [...first.items, ...second.items].map((i) => i.itemKey);
        expect(new Set(keys).size).toBe(raws.length);
      } finally {
        await t.cleanup();
      }
    });

    it('honours the poll limit', async () => {
      const t = await make();
      try {
        await t.deliver(raws);
        const page = await t.source.poll(undefined, 1, new AbortController().signal);
        expect(page.items.length).toBeGreaterThanOrEqual(1);
        // Whole units only: at most one unit (a spool file) past the limit.
        expect(page.items.length).toBeLessThanOrEqual(raws.length);
      } finally {
        await t.cleanup();
      }
    });
  });
}
