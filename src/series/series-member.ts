import type { PatchMail } from '../model/patch-mail.js';
import type { SeriesRole } from './series-role.js';

/** A mail that belongs to some series, with what assembly needs to know about it. */
export interface SeriesMember {
  /** Position in the input: arrival order, the tie-breaker everywhere. */
  readonly pos: number;
  readonly mail: PatchMail;
  readonly role: Exclude<SeriesRole, 'none'>;
  /** Slot in the series: 0 for the cover, n for `n/N`, 1 for a single patch. */
  readonly index: number;
  /** From the subject: vN (1 when untagged) and N (1 for a single patch). */
  readonly version: number;
  readonly total: number;
  /** Version and N, see seriesKeyOf. */
  readonly key: string;
  /** Lower-cased sender address ('' when unknown): grouping without threads needs it. */
  readonly author: string;
}
