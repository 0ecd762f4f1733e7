import { readFileSync } from 'node:fs';
import { rules } from '../../rules/index.js';
import { DEFAULT_DOCS_BASE } from '../../src/engine/docs-link.js';
import { runRules } from '../../src/engine/run-rules.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { renderEmailReply, type EmailReply, type ReplyIdentity } from '../../src/render/email-reply.js';

/** The bot identity the adapter tests use (reserved .invalid domain: nothing leaves the host). */
export const TEST_IDENTITY: ReplyIdentity = {
  from: { name: 'dax-review', address: 'bot@dax-review.invalid' },
  domain: 'dax-review.invalid',
  list: { name: '', address: 'linux-mm@kvack.org' },
  contact: 'maintainers@dax-review.invalid',
  docsBase: DEFAULT_DOCS_BASE,
  version: '0.1.0',
};

/**
 * A real reply: the rules run on John Hubbard's frame_vector pin_user_pages() conversion
 * (kb-mails/09, lore <20200527223243.884385-3-jhubbard@nvidia.com>), whose quoted hunk has tabs.
 */
export async function renderSampleReply(): Promise<EmailReply> {
  const raw = readFileSync(
    new URL('../fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml', import.meta.url),
  );
  const patch = await parseMessage(raw, 'kb09.eml');
  return renderEmailReply(patch, runRules(rules, { patch, series: null }).findings, TEST_IDENTITY);
}
