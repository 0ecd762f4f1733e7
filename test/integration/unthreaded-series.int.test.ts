/**
 * A series posted without threading headers (`git format-patch` without `--thread`, `git
 * send-email --no-thread`): every mail roots a thread of its own, yet the service must see one
 * series, as the offline checker does: reviewed once, complete, as soon as its last mail is in,
 * and answered with one digest under the cover on a digest list.
 *
 * Derived fixture: series-samples/01 (Dan Williams' "Fix the DAX-gup mistake", a real cover
 * and 13 patches) with the vfio pin site added to patches 2 and 5 (test/helpers/derived-mails.ts),
 * its In-Reply-To and References removed, delivered in reverse order.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { splitMbox } from '../../src/input/mbox.js';
import { QUEUE } from '../../src/queue/names.js';
import type { ReviewSummary } from '../../src/review/review-summary.js';
import { daxGupSeriesWithPinSites, toMbox } from '../helpers/derived-mails.js';
import {
  completedResults,
  outboxFiles,
  useHarnessPerTest,
  waitForIdle,
  type Harness,
} from '../helpers/service-harness.js';

const COVER_ID = '166225775968.2351842.11156458342486082012.stgit@dwillia2-xfh.jf.intel.com';
/** Longer than a loaded machine takes to ingest a 14-mail series, so no timer fires mid-series. */
const UNTHREADED_WAIT_MS = 10_000;
const DIGEST_LIST = ['  - { id: nvdimm.lists.linux.dev, address: nvdimm@lists.linux.dev, digest: true }'];

/** The derived series' mails without any threading header. */
function unthreadedMails(): string[] {
  const mails = splitMbox(Buffer.from(daxGupSeriesWithPinSites([2, 5]), 'latin1')).map((b) => b.toString('latin1'));
  const stripped = mails.map((m) => m.replace(/^(In-Reply-To|References):.*(\n[ \t].*)*\n/gim, ''));
  if (stripped.some((m) => /^(In-Reply-To|References):/im.test(m)) || stripped.length !== 14)
    throw new Error('series-samples/01 changed: the derivation no longer applies');
  return stripped;
}

async function drop(h: Harness, name: string, text: string): Promise<void> {
  await writeFile(join(h.spool, `.${name}.part`), text, 'latin1');
  await rename(join(h.spool, `.${name}.part`), join(h.spool, name));
  await waitForIdle(h);
}

describe('a series without threading headers (real Redis)', () => {
  const perTest = useHarnessPerTest();

  it('is one series across its threads: reviewed once and complete, one digest under the cover', async () => {
    // Without grouping across threads each patch would wait alone and be reviewed alone,
    // incomplete, when its timer fires. The window is far longer than the 14 mails take to
    // ingest even on a loaded CI machine (3 s was once too short there: a timer fired before
    // the cover was in), and waitForIdle outlasts it, so the timers that fire after the
    // complete review are part of what is checked.
    const h = await perTest.start({ waitMs: UNTHREADED_WAIT_MS, extraConfig: DIGEST_LIST });
    await drop(h, 'unthreaded.mbox', toMbox(unthreadedMails().reverse()));

    const reviews = (await completedResults(h, QUEUE.review)) as ReviewSummary[];
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.seriesId).toBe(COVER_ID);
    expect(reviews[0]?.complete).toBe(true);
    expect(reviews[0]?.patches).toHaveLength(13);

    const replies = await Promise.all(
      (await outboxFiles(h.outbox)).map(async (f) => simpleParser(await readFile(join(h.outbox, f)))),
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]?.inReplyTo).toBe(`<${COVER_ID}>`);
    expect(replies[0]?.text).toContain('[PATCH 02/13] fsdax: Use page_maybe_dma_pinned()');
    expect(replies[0]?.text).toContain('[PATCH 05/13] fsdax: Cleanup dax_associate_entry()');
  }, 120_000);

  it('keeps two postings of the same version by the same sender apart: each its own series', async () => {
    const h = await perTest.start({ waitMs: UNTHREADED_WAIT_MS, extraConfig: DIGEST_LIST });
    const first = unthreadedMails();
    // The same series sent again an hour later (a RESEND without the tag): new Message-IDs.
    const again = first.map((m) =>
      m
        .replace(/^Message-ID: <([^>]+)>/im, 'Message-ID: <again.$1>')
        .replace(/^Date: .*$/m, 'Date: Sat, 03 Sep 2022 22:30:00 -0700'),
    );
    await drop(h, 'first.mbox', toMbox(first));
    await drop(h, 'again.mbox', toMbox(again));

    const reviews = (await completedResults(h, QUEUE.review)) as ReviewSummary[];
    expect(reviews.map((r) => [r.seriesId, r.complete, r.patches.length]).sort()).toEqual(
      [
        [COVER_ID, true, 13],
        [`again.${COVER_ID}`, true, 13],
      ].sort(),
    );
    const replies = await Promise.all(
      (await outboxFiles(h.outbox)).map(async (f) => simpleParser(await readFile(join(h.outbox, f)))),
    );
    expect(replies.map((r) => r.inReplyTo).sort()).toEqual([`<${COVER_ID}>`, `<again.${COVER_ID}>`].sort());
  }, 120_000);
});
