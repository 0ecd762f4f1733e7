import type { Citation } from '../model/finding.js';

/**
 * Citation builders: the address of a mainline commit or a list posting is derived in one place,
 * so every rule cites the same way (and a move to another archive is one edit).
 */

/** A mainline Linux commit, by its abbreviated id. */
export function commit(sha: string, title: string): Citation {
  return { title, ref: sha, url: `https://git.kernel.org/torvalds/c/${sha}` };
}

/** A mail on a list archived by lore.kernel.org, by its Message-ID (without angle brackets). */
export function lore(messageId: string, title: string): Citation {
  return { title, ref: messageId, url: `https://lore.kernel.org/r/${messageId}` };
}
