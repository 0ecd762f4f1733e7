import type { Call, CallArgument } from './find-calls.js';

/**
 * The get_user_pages family (docs/knowledge/gup-api-history.md): where each takes its gup_flags.
 * Positions changed over time, so each entry lists the candidates, newest first:
 *   get_user_pages_remote(mm, start, nr, gup_flags, …)        v5.9+  → 3
 *   get_user_pages_remote(tsk, mm, start, nr, gup_flags, …)   ≤v5.8  → 4
 *   get_user_pages_fast(start, nr, write, pages)              <v5.2: an int `write`, not flags
 */
export const GUP_FLAG_ARGUMENT: ReadonlyMap<string, readonly number[]> = new Map([
  ['get_user_pages', [2]],
  ['get_user_pages_fast', [2]],
  ['get_user_pages_remote', [3, 4]],
  ['get_user_pages_unlocked', [3]],
  ['get_user_pages_locked', [2]],
  ['pin_user_pages', [2]],
  ['pin_user_pages_fast', [2]],
  ['pin_user_pages_remote', [3, 4]],
  ['pin_user_pages_unlocked', [3]],
  ['pin_user_pages_locked', [2]],
]);

/** The FOLL_PIN entry points (v5.6+): pins that pair with unpin_user_page*(). */
export function isPinCall(name: string): boolean {
  return name.startsWith('pin_user_pages');
}

const FLAG_LIKE = /\bFOLL_[A-Z_]+\b|flags?\b/i;

/**
 * The gup_flags argument of a GUP call, or null (not a GUP call, or the call is cut off before
 * it). Among the candidate positions the first that looks like flags wins (mentions FOLL_* or a
 * `…flags` name); otherwise the newest position that exists.
 */
export function gupFlagArgument(call: Call): CallArgument | null {
  const positions = GUP_FLAG_ARGUMENT.get(call.name);
  if (positions === undefined) return null;
  const present = positions.map((p) => call.args[p]).filter((a) => a !== undefined);
  // An incomplete call's last argument may be cut mid-expression.
  const usable = call.complete ? present : present.filter((a) => a !== call.args.at(-1));
  return usable.find((a) => FLAG_LIKE.test(a.text)) ?? usable[0] ?? null;
}
