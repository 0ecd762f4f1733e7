import type { MessageRecord, ThreadStore } from './ports.js';
import {
  lonelyUnthreadedRoot,
  UNTHREADED_MAX_ROOTS,
  UNTHREADED_WINDOW_MS,
  unthreadedGroupOf,
  unthreadedScore,
} from './unthreaded-scope.js';

/**
 * The mails a series step or a review of `root`'s thread must see: the thread itself, plus the
 * threads of the same sender's other unthreaded roots near it in time when the series may go
 * on outside this thread (lonelyUnthreadedRoot), in arrival order; assembleSeries then groups
 * them as the offline checker does. Registering the root is idempotent, so every step that
 * reads the scope may do it. `thread` is root's thread as just read (in arrival order).
 */
export async function seriesScope(
  messages: Pick<ThreadStore, 'joinUnthreaded' | 'threads'>,
  root: string,
  thread: readonly MessageRecord[],
): Promise<readonly MessageRecord[]> {
  const lonely = lonelyUnthreadedRoot(thread, root);
  const group = lonely === null ? null : unthreadedGroupOf(lonely);
  if (lonely === null || group === null) return thread;
  const roots = await messages.joinUnthreaded(
    group,
    root,
    unthreadedScore(lonely, Date.now()),
    UNTHREADED_WINDOW_MS,
    UNTHREADED_MAX_ROOTS,
  );
  const others = roots.filter((r) => r !== root);
  return others.length === 0 ? thread : messages.threads([root, ...others]);
}
