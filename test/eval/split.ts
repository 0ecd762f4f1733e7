/**
 * Which split a case belongs to, from its source id alone (decided before the checker ever ran on
 * it): the first 8 hex digits of sha256(source id), modulo 100, below 60 → dev, else test.
 * A derived case takes the split of the real case it was derived from, so the two never straddle.
 */
import { createHash } from 'node:crypto';

export type Split = 'dev' | 'test';
export const SPLITS: readonly Split[] = ['dev', 'test'];

/** The real source a derived id (`derived:<base>#<n>`) was made from; a real id is its own base. */
export function baseSource(sourceId: string): string {
  const m = /^derived:(.*)#\d+$/.exec(sourceId);
  return m ? m[1]! : sourceId;
}

export function splitOf(sourceId: string): Split {
  const digest = createHash('sha256').update(baseSource(sourceId)).digest('hex');
  return Number.parseInt(digest.slice(0, 8), 16) % 100 < 60 ? 'dev' : 'test';
}
