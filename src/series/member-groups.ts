import { DisjointSet } from './disjoint-set.js';
import type { SeriesMember } from './series-member.js';

/** No number in both sets (an absent set is empty). */
export function disjoint(a: ReadonlySet<number> | undefined, b: ReadonlySet<number> | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return false;
  return true;
}

/**
 * Union-find over series members that also tracks which slots (0 = cover, n = patch n) each
 * group has filled, so that grouping without threads can refuse merges that would collide.
 */
export class MemberGroups {
  private readonly sets = new DisjointSet();
  private readonly node = new Map<SeriesMember, number>();
  private readonly filled = new Map<number, Set<number>>();

  constructor(members: readonly SeriesMember[]) {
    for (const m of members) {
      const n = this.sets.add();
      this.node.set(m, n);
      this.filled.set(n, new Set([m.index]));
    }
  }

  /** A fresh group holding no member yet (a meeting point for sibling patches). */
  addAnchor(): number {
    const n = this.sets.add();
    this.filled.set(n, new Set());
    return n;
  }

  /** The representative of `m`'s group. */
  root(m: SeriesMember): number {
    return this.sets.find(this.node.get(m) ?? -1);
  }

  /** Slots (0 = cover, n = patch n) already filled in `m`'s group. */
  slots(m: SeriesMember): ReadonlySet<number> {
    return this.filled.get(this.root(m)) ?? new Set();
  }

  /** Merges the groups of `a` and `b`. */
  join(a: SeriesMember, b: SeriesMember): void {
    this.unite(this.root(a), this.root(b));
  }

  /** Merges `m`'s group with the group of an anchor from {@link addAnchor}. */
  joinAnchor(m: SeriesMember, anchor: number): void {
    this.unite(this.root(m), this.sets.find(anchor));
  }

  /** Like {@link joinAnchor}, but only when no slot is filled in both groups; true when joined. */
  joinAnchorIfDisjoint(m: SeriesMember, anchor: number): boolean {
    const ra = this.root(m);
    const rb = this.sets.find(anchor);
    if (!disjoint(this.filled.get(ra), this.filled.get(rb))) return false;
    this.unite(ra, rb);
    return true;
  }

  /** Merges two groups; slot sets merge small into large, so the total cost stays n log n. */
  private unite(ra: number, rb: number): void {
    if (ra === rb) return;
    const sa = this.filled.get(ra) ?? new Set<number>();
    const sb = this.filled.get(rb) ?? new Set<number>();
    const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
    for (const x of small) large.add(x);
    this.sets.union(ra, rb);
    this.filled.delete(ra);
    this.filled.delete(rb);
    this.filled.set(this.sets.find(ra), large);
  }
}
