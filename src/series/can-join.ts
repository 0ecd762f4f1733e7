import type { SeriesMember } from './series-member.js';

/**
 * May numbered patch `m` join `parent`, the member it hangs from? Yes when both carry a counter
 * and agree on version and N. One exception: a patch without a version tag under a cover of the
 * same sender and N takes the cover's version. Senders do tag only the cover (nvdimm:
 * `[PATCH v8 0/3]` over `[PATCH 1/3]`…, `[ndctl PATCH v6 0/7]` over `[PATCH 1/7]`…, `[RFC v2
 * 00/11]` over `[RFC PATCH 01/11]`…), and Patchwork and Patchew both keep such a thread whole.
 * A patch tagged with another version (`v3 1/6` under `v4 0/6`) stays apart.
 */
export function canJoin(m: SeriesMember, parent: SeriesMember): boolean {
  if (parent.role === 'single' || m.role !== 'numbered') return false;
  if (m.key === parent.key) return true;
  return m.version === 1 && parent.role === 'cover' && parent.total === m.total && parent.author === m.author;
}
