import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { EMPTY_CONFIG } from '../config/project-config.js';
import { splitMbox } from '../input/mbox.js';
import { parseMessage } from '../mail/parse-message.js';
import { reviewThread } from '../review/review-thread.js';
import { daxGupSeriesWithPinSites } from '../../test/helpers/derived-mails.js';
import { TEST_IDENTITY } from '../../test/helpers/sample-reply.js';
import { renderDigestReply, type DigestPatch } from './digest-reply.js';

const COVER_ID = '166225775968.2351842.11156458342486082012.stgit@dwillia2-xfh.jf.intel.com';

/** series-samples/01 (cover + 13 patches) with a pin site added to patches 2 and 5 (derived). */
async function reviewedSeries() {
  const raws = splitMbox(Buffer.from(daxGupSeriesWithPinSites([2, 5]), 'latin1'));
  const mails = await Promise.all(raws.map((raw, i) => parseMessage(raw, `series#${i}`)));
  const review = reviewThread(mails, (m) => m === mails[1], { rules, config: EMPTY_CONFIG });
  const patches: DigestPatch[] = review.patches.map((p) => ({ patch: p.mail, findings: p.findings }));
  return { cover: review.series!.cover!, patches };
}

describe('renderDigestReply', () => {
  it('replies once to the cover letter, each patch’s findings under its subject, quoting only the lines at issue', async () => {
    const { cover, patches } = await reviewedSeries();
    const reply = renderDigestReply(cover, patches, TEST_IDENTITY);
    expect(reply.inReplyTo).toBe(COVER_ID);
    expect(reply.references).toEqual([COVER_ID]);
    expect(reply.subject).toBe('Re: [PATCH 00/13] Fix the DAX-gup mistake');
    expect(reply.to).toEqual([{ name: 'Dan Williams', address: 'dan.j.williams@intel.com' }]);
    expect(reply.headers['Auto-Submitted']).toBe('auto-generated');
    const lines = reply.text.split('\n');
    expect(lines[0]).toBe('Hi Dan,');
    expect(reply.text.replace(/\n(?!\n)/g, ' ')).toContain('has 2 comments on this series, patch by patch below.');
    const at2 = lines.findIndex((l) => l.startsWith('[PATCH 02/13] fsdax: Use page_maybe_dma_pinned()'));
    const at5 = lines.indexOf('[PATCH 05/13] fsdax: Cleanup dax_associate_entry()');
    expect(at2).toBeGreaterThan(0);
    expect(at5).toBeGreaterThan(at2);
    // Only the patches with findings get a section, and only the lines at issue are quoted.
    expect(reply.text).not.toContain('[PATCH 01/13]');
    expect(lines.filter((l) => l.startsWith('> ')).length).toBeLessThanOrEqual(14);
    expect(lines.filter((l) => l.startsWith('[vfio-vaddr-get-pfn-fsdax]'))).toHaveLength(2);
    // Wrapped at 72 columns, except a single word too long for a line (a URL, a Message-ID).
    for (const l of lines.filter((x) => !x.startsWith('> ') && !x.includes('https://') && x.trim().includes(' ')))
      expect(l.length, l).toBeLessThanOrEqual(72);
  });

  it('derives the Message-ID from the series and the finding set', async () => {
    const { cover, patches } = await reviewedSeries();
    const a = renderDigestReply(cover, patches, TEST_IDENTITY);
    expect(renderDigestReply(cover, patches, TEST_IDENTITY).messageId).toBe(a.messageId);
    const fewer = patches.map((p) => (p.patch.subject.raw.includes('05/13') ? { ...p, findings: [] } : p));
    expect(renderDigestReply(cover, fewer, TEST_IDENTITY).messageId).not.toBe(a.messageId);
    expect(() =>
      renderDigestReply(
        cover,
        patches.map((p) => ({ ...p, findings: [] })),
        TEST_IDENTITY,
      ),
    ).toThrow(/silent/);
  });

  it('shares limits.findingsPerReply across the patches: past it, the later patches count what is not shown', async () => {
    const { cover, patches } = await reviewedSeries();
    const total = patches.reduce((n, p) => n + p.findings.length, 0);
    expect(total).toBe(2);
    const flat = (max: number) =>
      renderDigestReply(cover, patches, { ...TEST_IDENTITY, maxFindings: max }).text.replace(/\n/g, ' ');
    expect(flat(2)).not.toContain('not shown here');
    expect(flat(1)).toContain('one more comment on this patch is not shown here (at most 1 in one reply)');
  });
});
