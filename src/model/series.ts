import type { PatchMail } from './patch-mail.js';

/** A patch series: the cover letter (if any) and its patches in order, as assembled. */
export interface Series {
  /** Stable id: the Message-ID of the series root (cover, else patch 1, else the single patch). */
  readonly id: string;
  /** Cover-letter title, else the title of patch 1/N (or of the single patch). */
  readonly subject: string;
  readonly version: number;
  /** N; 1 for a single patch. */
  readonly total: number;
  readonly rfc: boolean;
  readonly resend: boolean;
  readonly author: string | null;
  readonly cover: PatchMail | null;
  /** Patches by index, 1..N; missing ones are absent. */
  readonly patches: readonly PatchMail[];
  /** Every patch 1..N is present. */
  readonly complete: boolean;
}
