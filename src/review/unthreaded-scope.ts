/**
 * Series posted without threading headers (`git format-patch` without `--thread`, `git
 * send-email --no-thread`): every patch is the root of a thread of its own, so the service,
 * which keeps series state per thread, must look across threads to see the series whole, as
 * the offline checker does (src/series/group-unthreaded.ts). Pure: which thread needs that and
 * under which key its siblings are found; MessageStore keeps the per-sender sets.
 */
import type { MessageRecord } from './ports.js';
import { seriesKeyOf, seriesRoleOf } from '../series/series-role.js';

/**
 * How far either side of a root's date its unthreaded siblings are looked for. groupUnthreaded
 * allows a day between neighbours; three days each way covers a series sent over a weekend
 * without reading a prolific sender's whole history.
 */
export const UNTHREADED_WINDOW_MS = 3 * 24 * 3600 * 1000;

/** At most this many sibling roots are read (a bound on the work, far above any real series). */
export const UNTHREADED_MAX_ROOTS = 200;

const isCoverOrNumbered = (r: MessageRecord): boolean => {
  const role = seriesRoleOf(r.mail.subject);
  return role === 'cover' || role === 'numbered';
};

/**
 * The root of this thread when its series may continue in other threads: the root is a cover
 * or an `n/N` patch with no threading headers at all, from a known sender, and no other member
 * of the thread is a cover or a numbered patch. A thread whose patches hang from its root (the
 * usual `git send-email` layout, cover first) holds its series itself and needs no more; so the
 * extra reads happen about once per threaded series (when its root arrives alone) and for each
 * patch of an unthreaded one. null when the thread needs nothing beyond itself.
 */
export function lonelyUnthreadedRoot(thread: readonly MessageRecord[], root: string): MessageRecord | null {
  const record = thread.find((r) => r.key === root);
  if (record === undefined || !isCoverOrNumbered(record)) return null;
  const { mail } = record;
  if (mail.inReplyTo !== null || mail.references.length > 0 || unthreadedGroupOf(record) === null) return null;
  return thread.some((r) => r !== record && isCoverOrNumbered(r)) ? null : record;
}

/** The set an unthreaded root is kept in: its sender, version and N (what groupUnthreaded matches on); null without a sender. */
export function unthreadedGroupOf(record: MessageRecord): string | null {
  const author = record.mail.from?.address.toLowerCase() ?? '';
  return author === '' ? null : `${author}|${seriesKeyOf(record.mail.subject)}`;
}

/**
 * Where an unthreaded root sits in time: its Date header (git send-email stamps each mail with
 * the sending time). A mail without a Message-ID (`git format-patch` output dropped into the
 * spool) carries author dates that can be weeks apart: it sits at `arrivedAt`, beside the other
 * files of that drop.
 */
export function unthreadedScore(record: MessageRecord, arrivedAt: number): number {
  if (record.mail.messageId === null || record.mail.date === null) return arrivedAt;
  const date = Date.parse(record.mail.date);
  return Number.isFinite(date) ? date : arrivedAt;
}
