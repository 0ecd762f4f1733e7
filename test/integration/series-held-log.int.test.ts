/**
 * An incomplete series is held for series.waitMs: the service says so in its log, naming the
 * series, the patches missing and the time it will be reviewed anyway. The README's example
 * mail (examples/frame-vector-pin-user-pages.eml, kb-mails/09) is such a patch: 2/2 without 1/2.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../helpers/capture-logger.js';
import { createHarness, outboxFiles, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const EXAMPLE = new URL('../../examples/frame-vector-pin-user-pages.eml', import.meta.url).pathname;
const WAIT_MS = 600_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a held series in the log', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it(
    'logs (info) which series waits, what is missing, and when it is reviewed anyway',
    { timeout: 60_000 },
    async () => {
      h = await createHarness({ waitMs: WAIT_MS });
      const { logger, lines } = captureLogger('info');
      await h.start(logger);
      const before = Date.now();
      await dropIntoSpool(h.spool, [EXAMPLE]);
      const held = () => lines.find((l) => l.msg.startsWith('series incomplete'));
      for (let i = 0; i < 600 && held() === undefined; i++) await sleep(50);
      const after = Date.now();
      const line = held();
      expect(line, 'no "series incomplete" line').toBeDefined();
      expect(line).toMatchObject({
        level: 30,
        total: 2,
        missing: [1],
        members: 1,
        waitMs: WAIT_MS,
        messageId: expect.stringContaining('jhubbard') as unknown,
      });
      expect(line?.series).toEqual(expect.any(String));
      expect(line?.subject).toBe('mm/gup: frame_vector: convert get_user_pages() --> pin_user_pages()');
      // The deadline is the time it was held plus series.waitMs, in ISO 8601, also in the message.
      const reviewAt = String(line?.reviewAt);
      expect(new Date(reviewAt).toISOString()).toBe(reviewAt);
      expect(Date.parse(reviewAt)).toBeGreaterThanOrEqual(before + WAIT_MS);
      expect(Date.parse(reviewAt)).toBeLessThanOrEqual(after + WAIT_MS);
      expect(line?.msg).toBe(
        `series incomplete: patch 1 of 2 missing; held, reviewed with what arrived by ${reviewAt}`,
      );
      // Held indeed: nothing replied yet.
      expect(await outboxFiles(h.outbox)).toEqual([]);
    },
  );
});
