import type { DiffFile } from './diff.js';

export interface Address {
  readonly name: string;
  readonly address: string;
}

/** What the subject line says, tags parsed (see src/mail/subject.ts for the forms seen). */
export interface SubjectInfo {
  /** The decoded, unfolded subject as sent. */
  readonly raw: string;
  /** Starts with a reply/forward prefix (Re:, AW:, 回复:, Fwd: ...). */
  readonly isReply: boolean;
  /** Mailing-list tags such as 'Qemu-devel', 'libvirt' (bracket tags that are not patch tags). */
  readonly listTags: readonly string[];
  /** Every word of the patch tag(s), e.g. ['ndctl', 'PATCH', 'v2', '1/3']. */
  readonly tags: readonly string[];
  /** Has a PATCH / RFC / PULL tag. */
  readonly isPatch: boolean;
  readonly rfc: boolean;
  readonly resend: boolean;
  readonly pull: boolean;
  /** 1 unless a vN / VN tag says otherwise. */
  readonly version: number;
  /** n of [PATCH n/N], null when the subject has no counter. */
  readonly index: number | null;
  /** N of [PATCH n/N], null when the subject has no counter. */
  readonly total: number | null;
  /** Sub-project or tree named in the tag: 'ndctl', 'qemu-web', 'mm-unstable', 'python'. */
  readonly project: string | null;
  /** The subject without reply prefixes and tags: the patch title. */
  readonly title: string;
}

export interface Trailer {
  /** Canonical case: 'Signed-off-by', 'Reviewed-by', 'Fixes', 'Cc'. */
  readonly key: string;
  readonly value: string;
}

/** One parsed message. Pure data: no parser objects, no buffers. */
export interface PatchMail {
  /** Where it came from: 'file.mbox#12', 'a.eml', '-'. */
  readonly source: string;
  /** Message-ID without angle brackets; null when the mail has none. */
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  /** References, oldest first, without angle brackets. */
  readonly references: readonly string[];
  readonly from: Address | null;
  /** ISO 8601, null when missing or unparseable. */
  readonly date: string | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly listId: string | null;
  /** Auto-Submitted header value, lower case ('no' when absent). */
  readonly autoSubmitted: string;
  readonly subject: SubjectInfo;
  /** The commit message (body above the '---' line or the diff), trailers included. */
  readonly commitMessage: string;
  readonly trailers: readonly Trailer[];
  /** Text between the '---' separator and the diff (diffstat, changelog notes). */
  readonly notes: string;
  /** The unified diff text exactly as found (null: the mail carries no diff of its own). */
  readonly diffText: string | null;
  /** Line in the decoded body where the diff starts (1-based), null without a diff. */
  readonly diffBodyLine: number | null;
  readonly diff: readonly DiffFile[];
  /** Non-fatal oddities found while parsing (bogus charset, truncated hunk ...). */
  readonly warnings: readonly string[];
}
