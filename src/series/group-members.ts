import { canJoin } from './can-join.js';
import { groupUnthreaded } from './group-unthreaded.js';
import { MemberGroups } from './member-groups.js';
import { ownIdsOf } from './own-ids.js';
import type { SeriesMember } from './series-member.js';
import type { ThreadIndex } from './thread-index.js';

/**
 * The member a numbered patch hangs from: its nearest ancestor that is a series member.
 * Replies and ids missing from the batch are walked past (a patch may answer a review, or its
 * cover may not have reached this list). The walk stops at the first member it meets: the
 * patch joins it when canJoin allows; any other member (the v1 cover above a v2 patch, a single
 * patch) is a series boundary.
 */
function findParentMember(
  m: SeriesMember,
  ancestors: readonly string[],
  byId: ReadonlyMap<string, SeriesMember>,
): SeriesMember | 'boundary' | null {
  for (const id of ancestors) {
    const c = byId.get(id);
    if (c === undefined || c === m) continue;
    return canJoin(m, c) ? c : 'boundary';
  }
  return null;
}

/**
 * Splits series members into groups that are one series each, before slot collisions are
 * resolved (see splitCollisions). Rules, after patchwork's find_series (parser.py: references
 * first, then sender + version + N) and Patchew's thread-head model:
 * - a single patch (no counter) is a group of its own;
 * - a cover never joins anything above it (a v2 cover In-Reply-To the v1 cover starts v2);
 * - a numbered patch joins the member it hangs from (see findParentMember): this covers the
 *   cover→patches, 1/N→2..N and chained (each patch replying to the previous) layouts;
 * - a numbered patch hanging from nothing in the batch, or from a series boundary, meets the
 *   other such patches of its thread with the same sender, version and N at a shared anchor:
 *   patches replying to a non-series root, to a missing cover, or to the previous version's
 *   cover. A threaded cover of that thread, sender, version and N joins the anchor too when
 *   no slot collides (nvdimm: a v4 cover and its patches all In-Reply-To a stale v3 cover);
 * - mails with no threading at all are merged by groupUnthreaded.
 * Groups come back in order of their first member, members in arrival order; cost is linear
 * in mails plus references (plus n log n slot merging). `members` must be in arrival order.
 */
export function groupMembers(members: readonly SeriesMember[], threads: ThreadIndex): SeriesMember[][] {
  const groups = new MemberGroups(members);
  const byId = new Map<string, SeriesMember>();
  for (const m of members) {
    for (const id of ownIdsOf(m.mail)) if (!byId.has(id)) byId.set(id, m);
  }
  const anchors = new Map<string, number>();
  const anchorKeyOf = (m: SeriesMember): string => `${threads.threadRoot(m.mail) ?? ''}|${m.key}|${m.author}`;
  const unthreaded: SeriesMember[] = [];
  const threadedCovers: SeriesMember[] = [];

  for (const m of members) {
    if (m.role === 'single') continue;
    const ancestors = threads.ancestorIds(m.mail);
    if (ancestors.length === 0) {
      unthreaded.push(m);
      continue;
    }
    if (m.role === 'cover') {
      threadedCovers.push(m);
      continue;
    }
    const parent = findParentMember(m, ancestors, byId);
    if (parent !== null && parent !== 'boundary') {
      groups.join(m, parent);
      continue;
    }
    const key = anchorKeyOf(m);
    let anchor = anchors.get(key);
    if (anchor === undefined) {
      anchor = groups.addAnchor();
      anchors.set(key, anchor);
    }
    groups.joinAnchor(m, anchor);
  }
  for (const cover of threadedCovers) {
    const anchor = anchors.get(anchorKeyOf(cover));
    if (anchor !== undefined) groups.joinAnchorIfDisjoint(cover, anchor);
  }
  groupUnthreaded(unthreaded, groups);

  const out = new Map<number, SeriesMember[]>();
  for (const m of members) {
    const root = groups.root(m);
    const g = out.get(root);
    if (g === undefined) out.set(root, [m]);
    else g.push(m);
  }
  return [...out.values()];
}
