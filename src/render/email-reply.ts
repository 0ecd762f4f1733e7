import { createHash } from 'node:crypto';
import type { Address, PatchMail } from '../model/patch-mail.js';
import type { Citation, Finding } from '../model/finding.js';
import { findingFingerprint } from '../model/finding-fingerprint.js';
import { quoteHunk } from './quote-hunk.js';
import { wrapText } from './wrap-text.js';

/** Who the bot is and where replies go; from configuration. */
export interface ReplyIdentity {
  readonly from: Address;
  /** Domain of the bot's Message-IDs. */
  readonly domain: string;
  /** The list to Cc (null: reply to the author only). */
  readonly list: Address | null;
  /** Whom to contact about the bot. */
  readonly contact: string;
  /** Where rule documentation lives (shown in the footer). */
  readonly docsBase: string;
  readonly version: string;
}

/** A plain-text reply on the patch thread, ready for a mail composer. */
export interface EmailReply {
  readonly messageId: string;
  readonly inReplyTo: string;
  readonly references: readonly string[];
  readonly subject: string;
  readonly from: Address;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  /** Extra headers: Auto-Submitted (RFC 3834), the finding-set fingerprint. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Identity of the set of findings replied to: the same set gets the same Message-ID. */
  readonly fingerprint: string;
}

const reSubject = (s: string): string => (/^re:/i.test(s.trim()) ? s.trim() : `Re: ${s.trim()}`);

function citationLines(citations: readonly Citation[]): string[] {
  return citations.flatMap((c) => {
    const title = `${c.title}${c.ref && !c.title.includes(c.ref) ? ` (${c.ref})` : ''}`;
    const [first = '', ...rest] = wrapText(title, 68);
    return [`  - ${first}`, ...rest.map((l) => `    ${l}`), `    ${c.url}`];
  });
}

function findingBlock(patch: PatchMail, f: Finding): string[] {
  const quote = quoteHunk(patch.diff, f) ?? (f.excerpt ? wrapText(f.excerpt, 70, '> ') : []);
  return [
    ...quote,
    '',
    ...wrapText(`[${f.rule}] ${f.message}`),
    '',
    'References:',
    ...citationLines(f.citations),
    `  Rule documentation: ${f.docsUrl}`,
  ];
}

/**
 * Renders the reply to one patch: threaded under it (In-Reply-To the patch, References the
 * thread plus the patch), to the author with the list in Cc, quoting only the lines at issue,
 * wrapped at 72 columns. Pure: the same patch and findings always give the same mail, and the
 * Message-ID is derived from the patch and the finding set so a retried send is recognisable.
 */
export function renderEmailReply(patch: PatchMail, findings: readonly Finding[], me: ReplyIdentity): EmailReply {
  if (patch.messageId === null) throw new Error(`cannot thread a reply to ${patch.source}: it has no Message-ID`);
  if (findings.length === 0) throw new Error(`no findings for ${patch.source}: the bot stays silent then`);
  const fingerprint = createHash('sha256')
    .update([patch.messageId, ...findings.map(findingFingerprint).sort()].join('\n'))
    .digest('hex').slice(0, 24);
  // First name when the From header has one ("Hi John,"), else a neutral greeting.
  const firstName = (patch.from?.name ?? '').trim().split(/\s+/)[0] ?? '';
  const body = [
    `Hi ${firstName === '' ? 'there' : firstName},`,
    '',
    ...wrapText(`dax-review, an automated reviewer for DAX vs DMA issues, has ${findings.length === 1 ? 'one comment' : `${findings.length} comments`} on this patch.`),
    '',
    ...findings.flatMap((f) => [...findingBlock(patch, f), '']),
    '-- ',
    `dax-review ${me.version}, an automated reviewer for the DAX vs DMA rules.`,
    `How each rule works: ${me.docsBase}`,
    `Wrong or noisy? Please tell ${me.contact}.`,
    '',
  ];
  return {
    messageId: `dax-review.${fingerprint}@${me.domain}`,
    inReplyTo: patch.messageId,
    references: [...patch.references.filter((r) => r !== patch.messageId), patch.messageId],
    subject: reSubject(patch.subject.raw),
    from: me.from,
    to: patch.from ? [patch.from] : [],
    cc: me.list ? [me.list] : [],
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Dax-Review-Fingerprint': fingerprint },
    text: body.join('\n'),
    fingerprint,
  };
}
