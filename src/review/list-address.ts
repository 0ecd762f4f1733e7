import type { Address } from '../model/patch-mail.js';
import type { ReplyTo } from '../render/reply-recipients.js';

/** The configured address of the list a List-Id names (case-insensitive), for the reply's Cc. */
export function listAddressLookup(
  lists: readonly { id: string; address?: string | undefined }[],
): (listId: string | null) => Address | null {
  const byId = new Map(
    lists.flatMap((l) => (l.address === undefined ? [] : [[l.id.toLowerCase(), l.address] as const])),
  );
  return (listId) => {
    const address = listId === null ? undefined : byId.get(listId.toLowerCase());
    return address === undefined ? null : { name: '', address };
  };
}

/** Whether the list a List-Id names (case-insensitive) gets digest replies to cover letters. */
export function listDigestLookup(
  lists: readonly { id: string; digest?: boolean | undefined }[],
): (listId: string | null) => boolean {
  const digest = new Set(lists.filter((l) => l.digest === true).map((l) => l.id.toLowerCase()));
  return (listId) => listId !== null && digest.has(listId.toLowerCase());
}

/** Who gets replies on the list a List-Id names (case-insensitive): reply-all unless configured. */
export function listReplyToLookup(
  lists: readonly { id: string; replyTo?: ReplyTo | undefined }[],
): (listId: string | null) => ReplyTo {
  const byId = new Map(lists.map((l) => [l.id.toLowerCase(), l.replyTo ?? 'all'] as const));
  return (listId) => (listId === null ? undefined : byId.get(listId.toLowerCase())) ?? 'all';
}
