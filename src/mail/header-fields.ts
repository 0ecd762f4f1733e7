/**
 * The header fields of a PatchMail, from mailparser's header lines and decoded headers. Shared
 * by the whole parse (parseMessage) and the headers-only one (parseHeadersOnly), so that both
 * give the same fields for the same header block.
 */
import type { AddressObject, HeaderLines } from 'mailparser';
import type { PatchMail } from '../model/patch-mail.js';
import { toAddresses } from './addresses.js';
import { parseMessageId, parseMessageIds } from './message-ids.js';
import { parseSubject } from './subject.js';

/** What the header fields are read from: the parts of a ParsedMail the header block fills in. */
export interface HeaderSource {
  readonly headerLines: HeaderLines;
  readonly subject?: string | undefined;
  readonly from?: AddressObject | undefined;
  readonly to?: AddressObject | AddressObject[] | undefined;
  readonly cc?: AddressObject | AddressObject[] | undefined;
}

/** The PatchMail fields that come from the header block alone. */
export type HeaderFields = Pick<
  PatchMail,
  'messageId' | 'inReplyTo' | 'references' | 'from' | 'date' | 'to' | 'cc' | 'listId' | 'autoSubmitted' | 'subject'
>;

/** The unfolded raw value of the first header named `key` (lower case), or undefined. */
function rawHeader(parsed: HeaderSource, key: string): string | undefined {
  const line = parsed.headerLines.find((h) => h.key === key)?.line;
  if (line === undefined) return undefined;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** ISO date from the raw Date header. mailparser substitutes "now" for a bad one; we say null. */
function parseDate(parsed: HeaderSource, warnings: string[]): string | null {
  const raw = rawHeader(parsed, 'date');
  if (raw === undefined) return null;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) {
    warnings.push(`unparseable Date header "${raw}"`);
    return null;
  }
  return d.toISOString();
}

/** `List-Id: Name <id>` / `<id>` / bare `id` → id. */
function parseListId(parsed: HeaderSource): string | null {
  const raw = rawHeader(parsed, 'list-id');
  if (raw === undefined || raw === '') return null;
  return /<([^<>]+)>/.exec(raw)?.[1]?.trim() ?? raw;
}

/** RFC 3834 keyword (`auto-generated`, `auto-replied`), lower case, comments and params dropped. */
function parseAutoSubmitted(parsed: HeaderSource): string {
  const raw = rawHeader(parsed, 'auto-submitted');
  return (/^[^\s;(]+/.exec(raw ?? '')?.[0] ?? 'no').toLowerCase();
}

/** The body fields of a mail kept as headers only: no prose, no trailers, no diff. */
export const NO_BODY = {
  commitMessage: '',
  trailers: [],
  notes: '',
  diffText: null,
  diffBodyLine: null,
  diff: [],
} as const satisfies Partial<PatchMail>;

/** The header fields; a missing Message-ID or a bad Date is noted in `warnings`. */
export function headerFields(parsed: HeaderSource, warnings: string[]): HeaderFields {
  const messageId = parseMessageId(rawHeader(parsed, 'message-id'));
  if (messageId === null) warnings.push('no Message-ID header');
  return {
    messageId,
    inReplyTo: parseMessageId(rawHeader(parsed, 'in-reply-to')),
    references: parseMessageIds(rawHeader(parsed, 'references')),
    from: toAddresses(parsed.from)[0] ?? null,
    date: parseDate(parsed, warnings),
    to: toAddresses(parsed.to),
    cc: toAddresses(parsed.cc),
    listId: parseListId(parsed),
    autoSubmitted: parseAutoSubmitted(parsed),
    subject: parseSubject(parsed.subject ?? ''),
  };
}
