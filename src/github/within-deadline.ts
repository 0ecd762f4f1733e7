/**
 * GitHub calls made while a webhook request waits (comment commands, finding the pull requests
 * of a fork's head): they share one deadline well inside GitHub's 10 s, and any failure becomes
 * a TransientError, which the server answers with 503 so the delivery can be redelivered.
 */
import { TransientError } from '../errors.js';

/** The HTTP status of an octokit error, if it has one. */
export const statusOf = (err: unknown): number | undefined =>
  typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : undefined;

/** Runs `work` against the deadline of `signal`; `what` names it in the error. */
export async function withinDeadline<T>(what: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(new TransientError(`GitHub did not answer ${what} in time`));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(), aborted]);
  } catch (err) {
    if (err instanceof TransientError) throw err;
    throw new TransientError(
      `GitHub ${what} failed${statusOf(err) === undefined ? '' : ` (${String(statusOf(err))})`}: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
