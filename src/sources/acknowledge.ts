import type { PullSource, RawItem } from './source.js';

/**
 * Optional capability: a source that must be told when items are safely queued (the spool
 * moves its files aside). Called after the items are enqueued and the cursor saved.
 */
export interface Acknowledging {
  acknowledge(items: readonly RawItem[]): Promise<void>;
}

export const acknowledges = (s: PullSource): s is PullSource & Acknowledging =>
  typeof (s as Partial<Acknowledging>).acknowledge === 'function';
