import type { PatchMail } from '../model/patch-mail.js';
import type { Series } from '../model/series.js';

/**
 * What {@link assembleSeries} returns. Every input mail is accounted for exactly once: either
 * as a member of one series (its cover or one of its patches) or in `nonMembers`.
 */
export interface SeriesAssembly {
  /** Series ordered by the arrival of their first member. */
  series: Series[];
  /**
   * Replies, mails without a patch tag, announcements (`[PATCH BUNDLE]`, `[PATCHSETS]`) and
   * the extra copies of re-delivered mails, in input order.
   */
  nonMembers: PatchMail[];
}
