import type { PatchMail } from '../model/patch-mail.js';
import { ownIdsOf } from './own-ids.js';

/** The direct parent's id: In-Reply-To, else the last References entry; never the mail itself. */
function parentIdOf(mail: PatchMail): string | null {
  const own = ownIdsOf(mail);
  const refs = mail.references.filter((r) => !own.includes(r));
  const parent = mail.inReplyTo ?? refs.at(-1) ?? null;
  return parent !== null && own.includes(parent) ? null : parent;
}

/**
 * Message-ID → mail lookups and ancestor walks over one batch of mails. Every query costs
 * O(depth of the thread) at most, and thread roots are memoised, so a pass over an archive
 * stays linear.
 */
export class ThreadIndex {
  private readonly byId = new Map<string, PatchMail>();
  private readonly rootMemo = new Map<string, string>();

  /** Indexes `mails` under all their ids (see ownIdsOf); when several mails share one, the first wins. */
  constructor(mails: Iterable<PatchMail>) {
    for (const mail of mails) {
      for (const id of ownIdsOf(mail)) if (!this.byId.has(id)) this.byId.set(id, mail);
    }
  }

  /**
   * Ids the mail claims as ancestors, nearest first: In-Reply-To, then References from newest
   * to oldest. In-Reply-To leads because References is not always oldest-first: Amazon SES
   * (series sample 08) puts the parent first and the sender's original Message-ID after it;
   * the mail's own ids (see ownIdsOf) are never its ancestors.
   */
  ancestorIds(mail: PatchMail): string[] {
    const ids = new Set<string>();
    if (mail.inReplyTo !== null) ids.add(mail.inReplyTo);
    for (let k = mail.references.length - 1; k >= 0; k--) ids.add(mail.references[k] ?? '');
    ids.delete('');
    for (const own of ownIdsOf(mail)) ids.delete(own);
    return [...ids];
  }

  /**
   * The id of the oldest known ancestor of `mail`'s thread: walk parents while they are in the
   * batch; where the chain leaves the batch, take the oldest id that mail references (the
   * thread root as its sender saw it). A mail with no parent is its own root; null only for
   * a parentless mail without a Message-ID.
   */
  threadRoot(mail: PatchMail): string | null {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur = mail;
    let root: string | null;
    for (;;) {
      const id = cur.messageId;
      if (id !== null) {
        const memo = this.rootMemo.get(id);
        if (memo !== undefined) {
          root = memo;
          break;
        }
        // An In-Reply-To loop (hand-edited or hostile mail) must not hang the walk: stop where it closes.
        if (onPath.has(id)) {
          root = id;
          break;
        }
        onPath.add(id);
        path.push(id);
      }
      const parent = parentIdOf(cur);
      if (parent === null) {
        root = id;
        break;
      }
      const next = this.byId.get(parent);
      if (next === undefined) {
        const own = ownIdsOf(cur);
        root = cur.references.find((r) => !own.includes(r)) ?? parent;
        break;
      }
      cur = next;
    }
    if (root !== null) for (const id of path) this.rootMemo.set(id, root);
    return root;
  }
}
