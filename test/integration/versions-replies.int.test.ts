/**
 * The reply text across versions, and digests, end to end on a real Redis (spool → outbox).
 *
 * The real series samples (series-samples/01 and 02, v1 and v3 of "Fix the DAX-gup mistake")
 * have no findings under the current rules, so findings are added in code
 * (test/helpers/derived-mails.ts): a vfio pin site without FOLL_LONGTERM in the same patch of
 * v1 (12/13) and v3 (21/25), and the same call in a new function in v3's 25/25. The first test
 * derives v1..v3 from a real patch that has a finding as posted: kb-mails/09 (John Hubbard's
 * frame_vector pin_user_pages() conversion) as v1, re-posted as v2 unchanged and as v3 with one
 * more pin site (a new finding). The digest test uses series-samples/01 with that pin site added
 * to patches 2 and 5.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import type { ReviewSummary } from '../../src/review/review-summary.js';
import {
  daxGupSeriesWithPinSites,
  daxGupV3WithPinSites,
  KB09,
  KB09_ID,
  kb09Version,
  PIN_HELPER,
} from '../helpers/derived-mails.js';
import { completedResults, createHarness, outboxFiles, waitForIdle, type Harness } from '../helpers/service-harness.js';
import { dropIntoSpool } from '../helpers/spool-drop.js';

const COVER_ID = '166225775968.2351842.11156458342486082012.stgit@dwillia2-xfh.jf.intel.com';

async function outbox(h: Harness): Promise<ParsedMail[]> {
  return Promise.all((await outboxFiles(h.outbox)).map(async (f) => simpleParser(await readFile(join(h.outbox, f)))));
}
const byParent = (replies: readonly ParsedMail[], id: string): ParsedMail | undefined =>
  replies.find((r) => r.inReplyTo === `<${id}>`);
/** The reply text with its wrapping undone, for matching sentences. */
const flat = (text: string | undefined): string => (text ?? '').replace(/\n(?!\n)/g, ' ');
const occurrences = (text: string | undefined, what: string): number => (text ?? '').split(what).length - 1;

/** Writes a derived mail into the spool (dot name, then rename) and waits for the pipeline. */
async function drop(h: Harness, name: string, text: string): Promise<void> {
  await writeFile(join(h.spool, `.${name}.part`), text, 'latin1');
  await rename(join(h.spool, `.${name}.part`), join(h.spool, name));
  await waitForIdle(h);
}

describe('replies across versions and digests (real Redis)', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.cleanup();
    h = null;
  });

  it('v1, v2, v3: v2 (nothing new) gets no reply; v3 names its new finding and what persists since v1, repeating nothing', async () => {
    h = await createHarness({ waitMs: 300 });
    await h.start();
    await dropIntoSpool(h.spool, [KB09]);
    await waitForIdle(h);
    await drop(h, 'v2.eml', kb09Version(2));
    await drop(h, 'v3.eml', kb09Version(3, { vfio: true }));

    const replies = await outbox(h);
    expect(replies.map((r) => r.inReplyTo).sort()).toEqual([`<${KB09_ID}>`, '<kb09-v3-2@example.org>']);
    const v1 = byParent(replies, KB09_ID)!;
    expect(v1.text).toContain('[longterm-pin-without-foll-longterm]');
    expect(v1.text).not.toContain('New in v');

    const v3 = byParent(replies, 'kb09-v3-2@example.org')!;
    expect(v3.subject).toBe('Re: [PATCH v3 2/2] mm/gup: frame_vector: convert get_user_pages() --> pin_user_pages()');
    expect(flat(v3.text)).toContain(
      'has one new comment on v3 of this patch. One comment raised on v1 still applies unchanged and is not repeated here.',
    );
    expect(v3.text).toContain('New in v3: [vfio-vaddr-get-pfn-fsdax]');
    expect(v3.text).toContain('> drivers/vfio/vfio_iommu_type1.c');
    // Nothing from v1 is said again: neither the finding nor the lines it quoted.
    expect(v3.text).not.toContain('longterm-pin-without-foll-longterm');
    expect(v3.text).not.toContain('pin_user_pages_locked');
    expect(occurrences(v3.text, 'Rule documentation:')).toBe(1);

    const summaries = ((await completedResults(h, QUEUE.review)) as ReviewSummary[]).flatMap((r) => r.patches);
    const v2 = summaries.find((p) => p.messageId === 'kb09-v2-2@example.org');
    expect(v2).toMatchObject({ findings: [], reply: null, skipped: 'only findings raised on an earlier version' });
    expect(v2?.persisting).toEqual([
      { rule: 'longterm-pin-without-foll-longterm', severity: 'error', file: 'mm/frame_vector.c', line: 75, since: 1 },
    ]);
    const v3Summary = summaries.find((p) => p.messageId === 'kb09-v3-2@example.org');
    expect(v3Summary?.findings.map((f) => f.rule)).toEqual(['vfio-vaddr-get-pfn-fsdax']);
    expect(v3Summary?.persisting).toEqual([
      { rule: 'longterm-pin-without-foll-longterm', severity: 'error', file: 'mm/frame_vector.c', line: 75, since: 1 },
    ]);
  });

  it('with versions.repeatPersisting, v3 lists what persists since v1 briefly, explained only on v1', async () => {
    h = await createHarness({ waitMs: 300, extraConfig: ['versions: { repeatPersisting: true }'] });
    await h.start();
    await dropIntoSpool(h.spool, [KB09]);
    await waitForIdle(h);
    await drop(h, 'v3.eml', kb09Version(3, { vfio: true }));

    const replies = await outbox(h);
    expect(replies).toHaveLength(2);
    const v3 = byParent(replies, 'kb09-v3-2@example.org')!;
    expect(flat(v3.text)).toContain(
      'One comment raised on v1 still applies unchanged; it is listed briefly at the end.',
    );
    expect(v3.text).toContain('New in v3: [vfio-vaddr-get-pfn-fsdax]');
    expect(v3.text).toContain(
      'Still present, raised on an earlier version (not explained again):\n- since v1: [longterm-pin-without-foll-longterm] mm/frame_vector.c',
    );
    // Listed, not explained: one explanation (the new finding's) with its references.
    expect(occurrences(v3.text, 'Rule documentation:')).toBe(1);
    expect(occurrences(v3.text, '[longterm-pin-without-foll-longterm]')).toBe(1);
  });

  it('v1 and v3 of a real series: v3 says only what is new, and the patch whose finding persists since v1 gets no reply', async () => {
    h = await createHarness({ waitMs: 300 });
    await h.start();
    // v1 (13 patches): the pin site in 12/13 "devdax: Use dax_insert_entry() + dax_delete_mapping_entry()".
    await drop(h, 'v1.mbox', daxGupSeriesWithPinSites([12]));
    // v3 (25 patches): the same patch is 21/25 and keeps the same code; 25/25 brings the same
    // call in a new function, a finding of its own.
    await drop(
      h,
      'v3.mbox',
      daxGupV3WithPinSites(
        new Map([
          [21, PIN_HELPER],
          [25, 'vfio_pin_pages_longterm'],
        ]),
      ),
    );

    const replies = await outbox(h);
    expect(replies.map((r) => r.subject).sort()).toEqual([
      'Re: [PATCH 12/13] devdax: Use dax_insert_entry() + dax_delete_mapping_entry()',
      'Re: [PATCH v3 25/25] mm/gup: Drop DAX pgmap accounting',
    ]);
    const v1 = replies.find((r) => r.subject?.includes('12/13'));
    expect(v1?.text).toContain('[vfio-vaddr-get-pfn-fsdax] pin_user_pages_fast() in\nvfio_pin_pages_fast()');
    expect(v1?.text).not.toContain('New in v');
    const v3 = replies.find((r) => r.subject?.includes('25/25'));
    expect(flat(v3?.text)).toContain('has one new comment on v3 of this patch.');
    expect(v3?.text).toContain('New in v3: [vfio-vaddr-get-pfn-fsdax]');
    expect(occurrences(v3?.text, 'vfio_pin_pages_fast()')).toBe(0);

    // 21/25 carries v1's finding unchanged: known since v1, not said again.
    const v3Review = ((await completedResults(h, QUEUE.review)) as ReviewSummary[]).find((r) =>
      r.patches.some((p) => p.subject.startsWith('[PATCH v3 ')),
    );
    const p21 = v3Review?.patches.find((p) => p.subject.startsWith('[PATCH v3 21/25]'));
    expect(p21).toMatchObject({
      findings: [],
      persisting: [{ rule: 'vfio-vaddr-get-pfn-fsdax', since: 1 }],
      reply: null,
    });
  });

  it('digest list: a cover letter and its patches get exactly one reply, threaded under the cover', async () => {
    // Continues the harness's `lists:` sequence with a digest list.
    h = await createHarness({
      extraConfig: ['  - { id: nvdimm.lists.linux.dev, address: nvdimm@lists.linux.dev, digest: true }'],
    });
    await h.start();
    await drop(h, 'series.mbox', daxGupSeriesWithPinSites([2, 5]));

    const replies = await outbox(h);
    expect(replies).toHaveLength(1);
    const [digest] = replies;
    expect(digest?.inReplyTo).toBe(`<${COVER_ID}>`);
    expect(digest?.references).toBe(`<${COVER_ID}>`);
    expect(digest?.subject).toBe('Re: [PATCH 00/13] Fix the DAX-gup mistake');
    expect(digest?.to && !Array.isArray(digest.to) ? digest.to.text : '').toContain('dan.j.williams@intel.com');
    expect(digest?.cc && !Array.isArray(digest.cc) ? digest.cc.text : '').toContain('nvdimm@lists.linux.dev');
    expect(digest?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(digest?.text).toContain('[PATCH 02/13] fsdax: Use page_maybe_dma_pinned()');
    expect(digest?.text).toContain('[PATCH 05/13] fsdax: Cleanup dax_associate_entry()');
    expect(occurrences(digest?.text, '[vfio-vaddr-get-pfn-fsdax]')).toBe(2);
    // Both patches' outcomes name the one digest; the publish queue saw it once.
    const patches = ((await completedResults(h, QUEUE.review)) as ReviewSummary[])
      .flatMap((r) => r.patches)
      .filter((p) => p.reply !== null);
    expect(new Set(patches.map((p) => p.reply)).size).toBe(1);
    expect(patches).toHaveLength(2);
    expect(await completedResults(h, QUEUE.publish)).toHaveLength(1);
  });
});
