/**
 * Union-find over dense integer ids (path halving + union by size): near-constant time per
 * operation, so grouping a whole archive stays linear.
 */
export class DisjointSet {
  private readonly parent: number[] = [];
  private readonly size: number[] = [];

  /** Adds a singleton set and returns its id. */
  add(): number {
    const id = this.parent.length;
    this.parent.push(id);
    this.size.push(1);
    return id;
  }

  /** The representative of `x`'s set. */
  find(x: number): number {
    let cur = x;
    for (;;) {
      const up = this.parent[cur] ?? cur;
      if (up === cur) return cur;
      const grand = this.parent[up] ?? up;
      this.parent[cur] = grand;
      cur = grand;
    }
  }

  /** Merges the sets holding `a` and `b`. */
  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if ((this.size[ra] ?? 1) < (this.size[rb] ?? 1)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = (this.size[ra] ?? 1) + (this.size[rb] ?? 1);
  }
}
