import type { SeriesMember } from './series-member.js';

/**
 * Splits one group into series whose slots do not collide. Two different mails claiming one
 * slot means two postings: a patch re-sent with the same version inside the thread
 * (`[PATCH v2.1 11/30]` answering a review of `[PATCH v2 11/30]`), or a whole series re-posted
 * in reply to itself. Like patchwork ("create a new series if … it already has a patch with
 * this number"), each mail goes, in arrival order, into the first series whose slot is free,
 * so the earliest posting keeps the original series. `group` must be in arrival order.
 */
export function splitCollisions(group: readonly SeriesMember[]): SeriesMember[][] {
  const bins: Map<number, SeriesMember>[] = [];
  for (const m of group) {
    let bin = bins.find((b) => !b.has(m.index));
    if (bin === undefined) {
      bin = new Map();
      bins.push(bin);
    }
    bin.set(m.index, m);
  }
  return bins.map((b) => [...b.values()]);
}
