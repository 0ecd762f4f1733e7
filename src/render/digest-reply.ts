import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import type { PatchMail } from '../model/patch-mail.js';
import {
  capFindings,
  findingBlock,
  fingerprintParts,
  footer,
  greeting,
  partialSection,
  persistingSection,
  persistingSentence,
  reSubject,
  type EmailReply,
  type ReplyHistory,
  type ReplyIdentity,
} from './email-reply.js';
import { headerText } from './header-safe.js';
import { replyRecipients } from './reply-recipients.js';
import { wrapText } from './wrap-text.js';

/** One patch of the series in a digest: its new findings and where they stand in the versions. */
export interface DigestPatch {
  readonly patch: PatchMail;
  readonly findings: readonly Finding[];
  readonly history?: ReplyHistory;
}

const listed = (p: DigestPatch): number =>
  p.findings.length + (p.history?.repeatPersisting === true ? p.history.persisting.length : 0);

/**
 * Renders one digest reply to the cover letter of a series instead of one reply per patch:
 * In-Reply-To the cover, to its author with the list in Cc, each patch's findings under the
 * patch's subject, quoting only the lines at issue. Pure; the Message-ID is derived from the
 * series (the cover's Message-ID) and the whole finding set, patch by patch.
 */
export function renderDigestReply(cover: PatchMail, patches: readonly DigestPatch[], me: ReplyIdentity): EmailReply {
  if (cover.messageId === null) throw new Error(`cannot thread a digest to ${cover.source}: it has no Message-ID`);
  const said = patches.filter((p) => listed(p) > 0);
  if (said.length === 0) throw new Error(`no findings in the series of ${cover.source}: the bot stays silent then`);
  const fingerprint = createHash('sha256')
    .update(
      [
        'digest',
        cover.messageId,
        ...said.flatMap((p) => [
          `patch:${p.patch.messageId ?? p.patch.source}`,
          ...fingerprintParts(p.findings, p.history),
        ]),
      ].join('\n'),
    )
    .digest('hex')
    .slice(0, 24);
  const version = cover.subject.version;
  const fresh = said.reduce((n, p) => n + p.findings.length, 0);
  const what =
    version > 1
      ? `${fresh === 1 ? 'one new comment' : `${fresh} new comments`} on v${version} of this series`
      : `${fresh === 1 ? 'one comment' : `${fresh} comments`} on this series`;
  // One budget for the whole digest: each patch explains what is left of it, in series order.
  let budget = me.maxFindings;
  const body = [
    greeting(cover.from),
    '',
    ...wrapText(`dax-review, an automated reviewer for DAX vs DMA issues, has ${what}, patch by patch below.`),
    '',
    ...said.flatMap((p) => {
      // One line of the subject's text: a decoded CR/LF must not start a line of its own (a forged footer).
      const title = wrapText(headerText(p.patch.subject.raw));
      const persisting = persistingSentence(p.history);
      return [
        ...title,
        '='.repeat(Math.min(72, Math.max(...title.map((l) => l.length)))),
        '',
        ...(persisting === '' ? [] : [...wrapText(persisting), '']),
        ...(() => {
          const capped = capFindings(p.findings, me.maxFindings, 'this patch', budget);
          if (budget !== undefined) budget -= capped.shown.length;
          return [...capped.shown.flatMap((f) => [...findingBlock(p.patch, f, p.history), '']), ...capped.note];
        })(),
        ...persistingSection(p.history),
        ...partialSection(p.patch),
      ];
    }),
    ...footer(me),
  ];
  return {
    messageId: `dax-review.${fingerprint}@${me.domain}`,
    inReplyTo: cover.messageId,
    references: [...cover.references.filter((r) => r !== cover.messageId), cover.messageId],
    subject: reSubject(cover.subject.raw),
    from: me.from,
    ...replyRecipients(cover, me),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Dax-Review-Fingerprint': fingerprint },
    text: body.join('\n'),
    fingerprint,
  };
}
