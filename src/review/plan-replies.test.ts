import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { EMPTY_CONFIG } from '../config/project-config.js';
import { splitMbox } from '../input/mbox.js';
import { parseMessage } from '../mail/parse-message.js';
import { daxGupSeriesWithPinSites } from '../../test/helpers/derived-mails.js';
import { listAddressLookup, listDigestLookup, listReplyToLookup } from './list-address.js';
import { planReplies, type ReplyPlanOptions } from './plan-replies.js';
import { reissueReply } from './reissue-reply.js';
import { reviewThread } from './review-thread.js';

const KB09 = new URL(
  '../../test/fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml',
  import.meta.url,
);
const OPTIONS: ReplyPlanOptions = {
  identity: {
    from: { name: 'dax-review', address: 'bot@example.org' },
    domain: 'example.org',
    contact: 'x@example.org',
    docsBase: 'https://example.org/dax-review',
    version: '0.1.0',
  },
  listAddress: listAddressLookup([
    { id: 'Linux-Kernel.vger.kernel.org', address: 'linux-kernel@vger.kernel.org' },
    { id: 'quiet.example.org' },
  ]),
};

async function kb09Review(autoSubmitted = 'no') {
  const mail = { ...(await parseMessage(readFileSync(KB09), 'kb09')), autoSubmitted };
  return reviewThread([mail], (m) => m === mail, { rules, config: EMPTY_CONFIG });
}

describe('planReplies', () => {
  it('plans one reply per patch with findings, reply-all: To the author, Cc its To, Cc and the list', async () => {
    const [plan] = planReplies(await kb09Review(), OPTIONS);
    expect(plan?.skipped).toBeNull();
    expect(plan?.reply?.to).toEqual([{ name: 'John Hubbard', address: 'jhubbard@nvidia.com' }]);
    // The list address is the mail's LKML Cc already (kept once, as the mail spells it); John,
    // who Cc'd himself, is in To only.
    expect(plan?.reply?.cc).toEqual([
      { name: 'Andrew Morton', address: 'akpm@linux-foundation.org' },
      { name: 'LKML', address: 'linux-kernel@vger.kernel.org' },
      { name: '', address: 'linux-mm@kvack.org' },
    ]);
    expect(plan?.reply?.inReplyTo).toBe('20200527223243.884385-3-jhubbard@nvidia.com');
  });

  it('leaves the bot out of Cc and takes each address once, whatever its case', async () => {
    const review = await kb09Review();
    const p0 = review.patches[0]!;
    const mail = {
      ...p0.mail,
      cc: [
        ...p0.mail.cc,
        { name: 'The Bot', address: 'BOT@example.org' },
        { name: '', address: 'AKPM@Linux-Foundation.org' },
        { name: '', address: 'JHubbard@nvidia.com' },
      ],
    };
    const [plan] = planReplies({ ...review, patches: [{ ...p0, mail }] }, OPTIONS);
    expect(plan?.reply?.cc.map((a) => a.address)).toEqual([
      'akpm@linux-foundation.org',
      'linux-kernel@vger.kernel.org',
      'linux-mm@kvack.org',
    ]);
  });

  it('replies per list as configured: author and list only, or the author alone', async () => {
    const lists = (replyTo: 'list' | 'author') => [
      { id: 'linux-kernel.vger.kernel.org', address: 'linux-kernel@vger.kernel.org', replyTo },
    ];
    const plan = async (replyTo: 'list' | 'author') =>
      planReplies(await kb09Review(), {
        ...OPTIONS,
        listAddress: listAddressLookup(lists(replyTo)),
        replyTo: listReplyToLookup(lists(replyTo)),
      })[0]?.reply;
    expect((await plan('list'))?.cc).toEqual([{ name: '', address: 'linux-kernel@vger.kernel.org' }]);
    expect((await plan('author'))?.cc).toEqual([]);
    expect((await plan('author'))?.to).toEqual([{ name: 'John Hubbard', address: 'jhubbard@nvidia.com' }]);
  });

  it('stays silent without findings, and on mail it must not answer', async () => {
    const review = await kb09Review();
    const clean = { ...review, patches: review.patches.map((p) => ({ ...p, findings: [] })) };
    expect(planReplies(clean, OPTIONS).map((p) => [p.reply, p.skipped])).toEqual([[null, 'no findings']]);
    expect(planReplies(await kb09Review('auto-replied'), OPTIONS)[0]?.skipped).toBe(
      'it is automatic mail (Auto-Submitted: auto-replied)',
    );
  });

  it('reissues a forced reply under a new Message-ID, same finding fingerprint header', async () => {
    const reply = planReplies(await kb09Review(), OPTIONS)[0]!.reply!;
    const again = reissueReply(reply, 'rereview-1');
    expect(again.messageId).toMatch(/^dax-review\.[0-9a-f]{24}-[0-9a-f]{8}@example\.org$/);
    expect(again.headers).toEqual(reply.headers);
    expect(reissueReply(reply, 'rereview-1').messageId).toBe(again.messageId);
  });

  it('on a later version, says nothing when every finding persists, and lists them briefly with repeatPersisting', async () => {
    const review = await kb09Review();
    const persisting = review.patches.map((p) => ({
      ...p,
      findings: [],
      persisting: p.findings.map((finding) => ({ finding, since: 1 })),
    }));
    const v2 = {
      ...review,
      patches: persisting.map((p) => ({ ...p, mail: { ...p.mail, subject: { ...p.mail.subject, version: 2 } } })),
    };
    expect(planReplies(v2, OPTIONS).map((p) => [p.reply, p.skipped])).toEqual([
      [null, 'only findings raised on an earlier version'],
    ]);
    const [repeated] = planReplies(v2, { ...OPTIONS, repeatPersisting: true });
    expect(repeated?.skipped).toBeNull();
    expect(repeated?.reply?.text).toContain('- since v1: [longterm-pin-without-foll-longterm] mm/frame_vector.c');
  });
});

/** series-samples/01 (cover + 13 patches) with a pin site added to patches 2 and 5 (derived fixture). */
async function seriesReview(withCover = true) {
  const raws = splitMbox(Buffer.from(daxGupSeriesWithPinSites([2, 5]), 'latin1'));
  const mails = (await Promise.all(raws.map((raw, i) => parseMessage(raw, `series#${i}`)))).slice(withCover ? 0 : 1);
  return reviewThread(mails, (m) => m === mails.at(-1), { rules, config: EMPTY_CONFIG });
}

describe('planReplies with digests', () => {
  const lists = [{ id: 'nvdimm.lists.linux.dev', address: 'nvdimm@lists.linux.dev', digest: true }];
  const DIGEST: ReplyPlanOptions = {
    ...OPTIONS,
    listAddress: listAddressLookup(lists),
    digest: listDigestLookup(lists),
  };

  it('gives the patches of a series one shared reply to the cover letter on a digest list', async () => {
    const planned = planReplies(await seriesReview(), DIGEST);
    const replies = [...new Set(planned.flatMap((p) => (p.reply === null ? [] : [p.reply])))];
    expect(replies).toHaveLength(1);
    expect(replies[0]?.inReplyTo).toBe('166225775968.2351842.11156458342486082012.stgit@dwillia2-xfh.jf.intel.com');
    // Reply-all to the cover: its To and Cc and the list, each once, the author only in To.
    const cover = (await seriesReview()).series?.cover;
    const cc = replies[0]?.cc.map((a) => a.address.toLowerCase()) ?? [];
    expect(cc).toContain('nvdimm@lists.linux.dev');
    expect(new Set(cc).size).toBe(cc.length);
    expect(cc).not.toContain(cover?.from?.address.toLowerCase());
    expect(new Set(cc)).toEqual(
      new Set(
        [...(cover?.to ?? []), ...(cover?.cc ?? []), { address: 'nvdimm@lists.linux.dev' }]
          .map((a) => a.address.toLowerCase())
          .filter((a) => a !== cover?.from?.address.toLowerCase()),
      ),
    );
    expect(planned.filter((p) => p.reply !== null).map((p) => p.subject.slice(0, 13))).toEqual([
      '[PATCH 02/13]',
      '[PATCH 05/13]',
    ]);
  });

  it('falls back to one reply per patch without a cover letter, or on a list without digests', async () => {
    const perPatch = (planned: ReturnType<typeof planReplies>) =>
      planned.flatMap((p) => (p.reply === null ? [] : [p.reply.inReplyTo]));
    const expected = [
      '166225777193.2351842.16365701080007152185.stgit@dwillia2-xfh.jf.intel.com',
      '166225778919.2351842.8691837577077340308.stgit@dwillia2-xfh.jf.intel.com',
    ];
    expect(perPatch(planReplies(await seriesReview(false), DIGEST))).toEqual(expected);
    expect(perPatch(planReplies(await seriesReview(), OPTIONS))).toEqual(expected);
  });
});
