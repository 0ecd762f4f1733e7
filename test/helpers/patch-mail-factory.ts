/**
 * Hand-built PatchMails for unit tests: a subject (parsed by the real parseSubject) plus the
 * threading headers under test; every other field gets a neutral default.
 */
import { parseSubject } from '../../src/mail/subject.js';
import type { PatchMail } from '../../src/model/patch-mail.js';

export interface MailSpec {
  readonly subject: string;
  /** Message-ID; default a fresh `<n>@test`; null for a mail without one. */
  readonly id?: string | null;
  readonly inReplyTo?: string | null;
  readonly references?: readonly string[];
  /** Sender address; default `author@example.org`. */
  readonly from?: string | null;
  /** ISO 8601; default one minute after the previous factory mail. */
  readonly date?: string | null;
  /** Default `test.mbox#<n>`. */
  readonly source?: string;
}

let counter = 0;
const BASE = Date.parse('2024-01-01T00:00:00Z');

/** A mail with the given subject and headers. */
export function mail(spec: MailSpec): PatchMail {
  counter += 1;
  const from = spec.from === undefined ? 'author@example.org' : spec.from;
  return {
    source: spec.source ?? `test.mbox#${counter}`,
    messageId: spec.id === undefined ? `${counter}@test` : spec.id,
    inReplyTo: spec.inReplyTo ?? null,
    references: spec.references ?? (spec.inReplyTo ? [spec.inReplyTo] : []),
    from: from === null ? null : { name: '', address: from },
    date: spec.date === undefined ? new Date(BASE + counter * 60_000).toISOString() : spec.date,
    to: [],
    cc: [],
    listId: null,
    autoSubmitted: 'no',
    subject: parseSubject(spec.subject),
    commitMessage: '',
    trailers: [],
    notes: '',
    diffText: null,
    diffBodyLine: null,
    diff: [],
    warnings: [],
  };
}

/** A mail In-Reply-To `parent`, with References continuing the parent's chain (as git send-email does). */
export function reply(parent: PatchMail, spec: MailSpec): PatchMail {
  const parentId = parent.messageId;
  if (parentId === null) throw new Error('cannot reply to a mail without a Message-ID');
  return mail({ inReplyTo: parentId, references: [...parent.references, parentId], ...spec });
}

/** The cover and patches 1..n of a series, every patch In-Reply-To the cover. */
export function coveredSeries(n: number, tag = 'PATCH', title = 'series', spec: Partial<MailSpec> = {}): PatchMail[] {
  const cover = mail({ ...spec, subject: `[${tag} 0/${n}] ${title}` });
  const patches = Array.from({ length: n }, (_, k) =>
    reply(cover, { ...spec, subject: `[${tag} ${k + 1}/${n}] ${title} part ${k + 1}` }),
  );
  return [cover, ...patches];
}
