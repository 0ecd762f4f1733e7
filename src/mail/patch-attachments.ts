/**
 * Diffs sent as attachments rather than inline. Forms seen: `text/x-patch` and `text/x-diff`
 * parts (`0001-fix-vmalloc.patch`), `text/plain` parts with a file name, and a single-part
 * `application/octet-stream` body (edge 0038, CRLF). Signatures (`application/pgp-signature`)
 * and other binary types are never read.
 */
import type { Attachment } from 'mailparser';
import { decodeBytes } from './decode-text.js';
import type { DiffScan } from '../diff/scan-diff.js';
import { splitBodyScanned, type BodyParts } from './split-body.js';

const DIFFABLE_TYPE = /^(?:text\/(?!html$)[\w.+-]+|application\/(?:octet-stream|x-patch|x-diff|patch|diff))$/i;
const DIFF_GIT = Buffer.from('diff --git ');
const HUNK = Buffer.from('\n@@ -');
const INDEX = Buffer.from('\nIndex: ');

/** A patch found in an attachment: its name for messages, and its body split like a mail body. */
export interface PatchAttachment {
  readonly name: string;
  readonly parts: BodyParts;
  readonly scan: DiffScan;
}

/** Cheap byte test before decoding: skips attachments that cannot hold a diff. */
export function mayHoldDiff(bytes: Buffer): boolean {
  return bytes.includes(DIFF_GIT) || bytes.includes(HUNK) || bytes.includes(INDEX);
}

/** The part's declared charset; mailparser gives Content-Type as `{ value, params }`. */
function charsetOf(a: Attachment): string | undefined {
  const ct = a.headers.get('content-type');
  if (typeof ct !== 'object' || Array.isArray(ct) || ct instanceof Date || !('params' in ct)) return undefined;
  const params: unknown = ct.params;
  if (typeof params !== 'object' || params === null || !('charset' in params)) return undefined;
  return typeof params.charset === 'string' ? params.charset : undefined;
}

/** Attachments that contain a diff, in message order, decoded with their declared charset. */
export function findPatchAttachments(attachments: readonly Attachment[], warnings: string[]): PatchAttachment[] {
  const out: PatchAttachment[] = [];
  for (const [i, a] of attachments.entries()) {
    if (!DIFFABLE_TYPE.test(a.contentType) || !mayHoldDiff(a.content)) continue;
    const name = a.filename ?? `attachment ${i + 1} (${a.contentType})`;
    const { parts, scan } = splitBodyScanned(decodeBytes(a.content, charsetOf(a), warnings, name));
    if (scan !== null) out.push({ name, parts, scan });
  }
  return out;
}
