import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { EMPTY_CONFIG } from '../config/project-config.js';
import { parseMessage } from '../mail/parse-message.js';
import { listAddressLookup } from './list-address.js';
import { planReplies, type ReplyPlanOptions } from './plan-replies.js';
import { reissueReply } from './reissue-reply.js';
import { reviewThread } from './review-thread.js';

const KB09 = new URL('../../../shared/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml', import.meta.url);
const OPTIONS: ReplyPlanOptions = {
  identity: { from: { name: 'dax-review', address: 'bot@example.org' }, domain: 'example.org', contact: 'x@example.org', docsBase: 'https://example.org/rules', version: '0.1.0' },
  listAddress: listAddressLookup([{ id: 'Linux-Kernel.vger.kernel.org', address: 'linux-kernel@vger.kernel.org' }, { id: 'quiet.example.org' }]),
};

async function kb09Review(autoSubmitted = 'no') {
  const mail = { ...(await parseMessage(readFileSync(KB09), 'kb09')), autoSubmitted };
  return reviewThread([mail], (m) => m === mail, { rules, config: EMPTY_CONFIG });
}

describe('planReplies', () => {
  it('plans one reply per patch with findings, Cc the configured list address', async () => {
    const [plan] = planReplies(await kb09Review(), OPTIONS);
    expect(plan?.skipped).toBeNull();
    expect(plan?.reply?.cc).toEqual([{ name: '', address: 'linux-kernel@vger.kernel.org' }]);
    expect(plan?.reply?.inReplyTo).toBe('20200527223243.884385-3-jhubbard@nvidia.com');
  });

  it('stays silent without findings, and on mail it must not answer', async () => {
    const review = await kb09Review();
    const clean = { ...review, patches: review.patches.map((p) => ({ ...p, findings: [] })) };
    expect(planReplies(clean, OPTIONS).map((p) => [p.reply, p.skipped])).toEqual([[null, 'no findings']]);
    expect(planReplies(await kb09Review('auto-replied'), OPTIONS)[0]?.skipped).toBe('it is automatic mail (Auto-Submitted: auto-replied)');
  });

  it('reissues a forced reply under a new Message-ID, same finding fingerprint header', async () => {
    const reply = planReplies(await kb09Review(), OPTIONS)[0]!.reply!;
    const again = reissueReply(reply, 'rereview-1');
    expect(again.messageId).toMatch(/^dax-review\.[0-9a-f]{24}-[0-9a-f]{8}@example\.org$/);
    expect(again.headers).toEqual(reply.headers);
    expect(reissueReply(reply, 'rereview-1').messageId).toBe(again.messageId);
  });
});
