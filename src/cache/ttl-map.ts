/**
 * A bounded map whose entries each live until a time of their own: the in-process caches of
 * this service (message records, installation tokens) are a speed-up over a source of truth,
 * so an entry that is gone or evicted costs one more read, never a wrong answer.
 */
export class TtlMap<V> {
  private readonly map = new Map<string, { value: V; until: number }>();

  constructor(private readonly capacity: number) {}

  /** The value, or undefined when absent or expired at `now` (an expired entry is dropped). */
  get(key: string, now: number): V | undefined {
    const hit = this.map.get(key);
    if (hit === undefined) return undefined;
    if (hit.until <= now) {
      this.map.delete(key);
      return undefined;
    }
    return hit.value;
  }

  /** Keeps `value` until `until` (ms); the oldest entries go when the map is full. */
  set(key: string, value: V, until: number): void {
    if (this.capacity <= 0) return;
    this.map.delete(key);
    this.map.set(key, { value, until });
    // Map keeps insertion order: the first key is the oldest entry.
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done === true) break;
      this.map.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }
}
