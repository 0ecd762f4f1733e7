/**
 * Series assembly: which mails of a batch form which patch series. Pure and synchronous; reads
 * headers and subjects only (never diffs, so slimmed mails work). See groupMembers for the
 * grouping rules and splitCollisions for re-posts.
 */
import type { PatchMail } from '../model/patch-mail.js';
import { collapseRedeliveries } from './collapse-redeliveries.js';
import { groupMembers } from './group-members.js';
import type { SeriesAssembly } from './series-assembly.js';
import type { SeriesMember } from './series-member.js';
import { seriesKeyOf, seriesRoleOf } from './series-role.js';
import { splitCollisions } from './split-collisions.js';
import { ThreadIndex } from './thread-index.js';
import { SeriesIdAllocator, toSeries } from './to-series.js';

export type { SeriesAssembly } from './series-assembly.js';

/**
 * Groups mails into series by thread and numbering.
 *
 * - A cover (`0/N`) and its patches `n/N` form a series; without a cover, patch 1/N roots it
 *   or all patches hang from a non-series mail. Members agree on version and N (except that a
 *   patch with no version tag takes the version of the cover it hangs from); v1 and v2 of one
 *   work are different series (linking versions is out of scope here).
 * - A patch tag without a counter makes a series of one (N = 1).
 * - Replies, mails without a patch tag and announcements are never members.
 * - Exact re-deliveries collapse to their first copy; different mails sharing a Message-ID
 *   stay apart.
 * - Mails without any threading are grouped by sender, version and N in arrival order.
 *
 * Arrival order does not matter for threaded mails; it only breaks ties (who keeps a slot
 * claimed twice, which series keeps a shared id). Cost is about linear in mails plus
 * references, so a whole list archive is fine.
 *
 * @param mails - the batch, in arrival order
 * @returns every mail exactly once: as a member of one series or in `nonMembers`
 */
export function assembleSeries(mails: readonly PatchMail[]): SeriesAssembly {
  const { kept, copies } = collapseRedeliveries(mails);
  const threads = new ThreadIndex(kept.map((pos) => mails[pos]).filter((m) => m !== undefined));
  const members: SeriesMember[] = [];
  const outside: number[] = [...copies];
  for (const pos of kept) {
    const mail = mails[pos];
    if (mail === undefined) continue;
    const role = seriesRoleOf(mail.subject);
    if (role === 'none') {
      outside.push(pos);
      continue;
    }
    members.push({
      pos,
      mail,
      role,
      index: role === 'single' ? 1 : (mail.subject.index ?? 1),
      version: mail.subject.version,
      total: mail.subject.total ?? 1,
      key: seriesKeyOf(mail.subject),
      author: mail.from?.address.toLowerCase() ?? '',
    });
  }

  const parts = groupMembers(members, threads).flatMap(splitCollisions);
  // Order by first arrival; ids are allocated in that order too, so they are stable per input.
  const firstPos = (part: readonly SeriesMember[]): number => part[0]?.pos ?? 0;
  parts.sort((a, b) => firstPos(a) - firstPos(b));
  const ids = new SeriesIdAllocator();
  return {
    series: parts.map((part) => toSeries(part, ids)),
    nonMembers: outside
      .sort((a, b) => a - b)
      .map((pos) => mails[pos])
      .filter((m) => m !== undefined),
  };
}
