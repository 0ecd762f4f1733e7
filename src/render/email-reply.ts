import { createHash } from 'node:crypto';
import type { Address, PatchMail } from '../model/patch-mail.js';
import type { Citation, Finding } from '../model/finding.js';
import { findingFingerprint } from '../model/finding-fingerprint.js';
import { quoteHunk } from './quote-hunk.js';
import { replyRecipients, type ReplyTo } from './reply-recipients.js';
import { wrapText } from './wrap-text.js';
import { CATALOG_PATH, docsLink } from '../engine/docs-link.js';
import { partialReasons } from '../pipeline/review-patches.js';

/** Who the bot is and where replies go; from configuration. */
export interface ReplyIdentity {
  readonly from: Address;
  /** Domain of the bot's Message-IDs. */
  readonly domain: string;
  /** The list of the mail replied to, to Cc (null: none configured). */
  readonly list: Address | null;
  /** Who else gets the reply besides the author. @defaultValue 'all' (reply-all) */
  readonly replyTo?: ReplyTo | undefined;
  /** Whom to contact about the bot. */
  readonly contact: string;
  /** Where rule documentation lives (shown in the footer). */
  readonly docsBase: string;
  readonly version: string;
  /** At most this many findings explained in one reply (limits.findingsPerReply); the rest are counted. @defaultValue all */
  readonly maxFindings?: number | undefined;
}

/**
 * The findings a reply explains, at most `max` of them in their order, and the sentence that
 * counts the rest: a patch that trips a rule a hundred times gets a readable reply, not a flood.
 * The reply's fingerprint still covers every finding, so the same set keeps one Message-ID.
 * `room`: what is left of `max` (a digest shares one budget among its patches).
 */
export function capFindings<T>(
  findings: readonly T[],
  max: number | undefined,
  where: string,
  room = max,
): { shown: readonly T[]; note: string[] } {
  if (max === undefined || room === undefined || findings.length <= room) return { shown: findings, note: [] };
  const hidden = findings.length - room;
  return {
    shown: findings.slice(0, room),
    note: [
      ...wrapText(
        `${count(hidden, 'more comment')} on ${where} ${hidden === 1 ? 'is' : 'are'} not shown here (at most ${max} in one reply); \`dax-review check\` on the patch lists them all.`,
      ),
      '',
    ],
  };
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

export const reSubject = (s: string): string => (/^re:/i.test(s.trim()) ? s.trim() : `Re: ${s.trim()}`);

/** A finding first raised on an earlier version of the work, unchanged, and that version. */
export interface PersistingFinding {
  readonly finding: Finding;
  readonly since: number;
}

/**
 * Where the findings stand in the versions of the work (v1..vN of a series). `findings` passed
 * with it are those new in `version`; `persisting` were raised on an earlier version and are
 * unchanged: counted in the introduction, and listed briefly (never explained again) only with
 * `repeatPersisting`.
 */
export interface ReplyHistory {
  /** The version this reply is on (3 for v3). */
  readonly version: number;
  readonly persisting: readonly PersistingFinding[];
  readonly repeatPersisting: boolean;
}

function citationLines(citations: readonly Citation[]): string[] {
  return citations.flatMap((c) => {
    const title = `${c.title}${c.ref && !c.title.includes(c.ref) ? ` (${c.ref})` : ''}`;
    const [first = '', ...rest] = wrapText(title, 68);
    return [`  - ${first}`, ...rest.map((l) => `    ${l}`), `    ${c.url}`];
  });
}

/** Labels the new findings only when the reply is on a later version (v2..vN). */
const newLabel = (history: ReplyHistory | undefined): string =>
  history !== undefined && history.version > 1 ? `New in v${history.version}: ` : '';

/** One finding in full: the lines at issue quoted, the comment, its citations. */
export function findingBlock(patch: PatchMail, f: Finding, history?: ReplyHistory): string[] {
  const quote = quoteHunk(patch.diff, f) ?? (f.excerpt ? wrapText(f.excerpt, 70, '> ') : []);
  return [
    ...quote,
    '',
    ...wrapText(`${newLabel(history)}[${f.rule}] ${f.message}`),
    '',
    'References:',
    ...citationLines(f.citations),
    `  Rule documentation: ${f.docsUrl}`,
  ];
}

const count = (n: number, what: string): string => (n === 1 ? `one ${what}` : `${n} ${what}s`);
const sinceList = (persisting: readonly PersistingFinding[]): string => {
  const versions = [...new Set(persisting.map((p) => p.since))].sort((a, b) => a - b).map((v) => `v${v}`);
  const last = versions.pop() ?? '';
  return versions.length === 0 ? last : `${versions.join(', ')} and ${last}`;
};

/** What the introduction says about the versions, after the count of new comments. */
export function persistingSentence(history: ReplyHistory | undefined): string {
  if (history === undefined || history.persisting.length === 0) return '';
  const n = history.persisting.length;
  const head = `${n === 1 ? 'One comment' : `${n} comments`} raised on ${sinceList(history.persisting)} still ${n === 1 ? 'applies' : 'apply'} unchanged`;
  return history.repeatPersisting
    ? `${head}; ${n === 1 ? 'it is' : 'they are'} listed briefly at the end.`
    : `${head} and ${n === 1 ? 'is' : 'are'} not repeated here.`;
}

/** The brief list of persisting findings (with `repeatPersisting`): rule, file, since when, the line. */
export function persistingSection(history: ReplyHistory | undefined): string[] {
  if (history === undefined || !history.repeatPersisting || history.persisting.length === 0) return [];
  return [
    'Still present, raised on an earlier version (not explained again):',
    ...history.persisting.flatMap(({ finding, since }) => [
      ...wrapText(`since v${since}: [${finding.rule}] ${finding.file ?? 'in the message'}`, 70).map(
        (l, i) => `${i === 0 ? '- ' : '  '}${l}`,
      ),
      ...(finding.excerpt ? wrapText(finding.excerpt.trim(), 70, '  > ') : []),
    ]),
    '',
  ];
}

/** The part of a finding set that names the reply: new findings, and persisting ones listed. */
export function fingerprintParts(findings: readonly Finding[], history: ReplyHistory | undefined): string[] {
  const listed = history?.repeatPersisting === true ? history.persisting : [];
  return [
    ...findings.map(findingFingerprint),
    ...listed.map((p) => `persisting:${findingFingerprint(p.finding)}:v${p.since}`),
  ].sort();
}

export const greeting = (from: Address | null): string => {
  // First name when the From header has one ("Hi John,"), else a neutral greeting.
  const firstName = (from?.name ?? '').trim().split(/\s+/)[0] ?? '';
  return `Hi ${firstName === '' ? 'there' : firstName},`;
};

export const footer = (me: Pick<ReplyIdentity, 'version' | 'docsBase' | 'contact'>): string[] => [
  '-- ',
  `dax-review ${me.version}, an automated reviewer for the DAX vs DMA rules.`,
  `How each rule works: ${docsLink(me.docsBase, CATALOG_PATH)}`,
  `Wrong or noisy? Please tell ${me.contact}.`,
  '',
];

/**
 * Renders the reply to one patch: threaded under it (In-Reply-To the patch, References the
 * thread plus the patch), to the author with the list in Cc, quoting only the lines at issue,
 * wrapped at 72 columns. Pure: the same patch and findings always give the same mail, and the
 * Message-ID is derived from the patch and the finding set so a retried send is recognisable.
 *
 * With `history` (a later version of a series), `findings` are the new ones, labelled "New in
 * vN"; the persisting ones are counted, and listed briefly only with `repeatPersisting`.
 */
/**
 * What of the patch the review did not read (limits.diffFiles / diffLines), said in the reply so
 * that its silence on the rest is not taken for a clean review.
 */
export function partialSection(patch: PatchMail): string[] {
  const reasons = partialReasons(patch);
  return reasons.length === 0
    ? []
    : [...wrapText(`Only part of this patch was reviewed (${reasons.join('; ')}); the rest got no review.`), ''];
}

export function renderEmailReply(
  patch: PatchMail,
  findings: readonly Finding[],
  me: ReplyIdentity,
  history?: ReplyHistory,
): EmailReply {
  if (patch.messageId === null) throw new Error(`cannot thread a reply to ${patch.source}: it has no Message-ID`);
  const listed = history?.repeatPersisting === true ? history.persisting.length : 0;
  if (findings.length === 0 && listed === 0)
    throw new Error(`no findings for ${patch.source}: the bot stays silent then`);
  const fingerprint = createHash('sha256')
    .update([patch.messageId, ...fingerprintParts(findings, history)].join('\n'))
    .digest('hex')
    .slice(0, 24);
  const later = history !== undefined && history.version > 1;
  const what = later
    ? `${count(findings.length, 'new comment').replace(/^0 new comments$/, 'no new comment')} on v${history.version} of this patch.`
    : `${count(findings.length, 'comment')} on this patch.`;
  const capped = capFindings(findings, me.maxFindings, 'this patch');
  const body = [
    greeting(patch.from),
    '',
    ...wrapText(`dax-review, an automated reviewer for DAX vs DMA issues, has ${what} ${persistingSentence(history)}`),
    '',
    ...capped.shown.flatMap((f) => [...findingBlock(patch, f, history), '']),
    ...capped.note,
    ...persistingSection(history),
    ...partialSection(patch),
    ...footer(me),
  ];
  return {
    messageId: `dax-review.${fingerprint}@${me.domain}`,
    inReplyTo: patch.messageId,
    references: [...patch.references.filter((r) => r !== patch.messageId), patch.messageId],
    subject: reSubject(patch.subject.raw),
    from: me.from,
    ...replyRecipients(patch, me),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Dax-Review-Fingerprint': fingerprint },
    text: body.join('\n'),
    fingerprint,
  };
}
