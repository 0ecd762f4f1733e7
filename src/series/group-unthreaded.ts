import { disjoint, type MemberGroups } from './member-groups.js';
import type { SeriesMember } from './series-member.js';

/**
 * How far apart two sent (Message-ID-bearing) mails may be and still be one unthreaded
 * series. git send-email stamps every mail with the sending time, so a series spans minutes;
 * patchwork allows 20 minutes around the first patch (parser.py SERIES_DELAY_INTERVAL). We
 * allow a day between neighbours because list archives also hold slow manual sends.
 */
const MAX_GAP_MS = 24 * 60 * 60 * 1000;

function closeInTime(a: SeriesMember, b: SeriesMember): boolean {
  // `git format-patch` output without Message-IDs carries author dates, which can be weeks apart.
  if (a.mail.messageId === null || b.mail.messageId === null) return true;
  if (a.mail.date === null || b.mail.date === null) return true;
  const gap = Math.abs(Date.parse(a.mail.date) - Date.parse(b.mail.date));
  return Number.isNaN(gap) || gap <= MAX_GAP_MS;
}

/**
 * Merges the groups of mails that carry no threading at all (no In-Reply-To, no References:
 * `git format-patch` output, `git send-email --no-thread`, and the cover or 1/N that roots a
 * thread). A mail joins the open group of its sender, version and N unless that would put two
 * mails in one slot (the groups' threaded members count too) or it was sent long after the
 * group's last unthreaded mail; otherwise it opens a new group. So shuffled arrival inside a
 * series is fine, and a repeated slot means the next posting has begun. `members` must be in
 * arrival order.
 */
export function groupUnthreaded(members: readonly SeriesMember[], groups: MemberGroups): void {
  const open = new Map<string, SeriesMember>();
  for (const m of members) {
    const key = `${m.key}|${m.author}`;
    const last = open.get(key);
    if (last !== undefined && closeInTime(last, m) && disjoint(groups.slots(last), groups.slots(m))) {
      groups.join(last, m);
    }
    open.set(key, m);
  }
}
