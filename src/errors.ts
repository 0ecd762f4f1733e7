/**
 * Failure kinds, sorted in one place. Workers never catch anything except through classify():
 * a permanent error becomes BullMQ's UnrecoverableError (no retry; the job lands in the failed
 * set with its reason, listable by `dax-review jobs failed`); anything else is rethrown so the
 * job's `attempts` and exponential backoff apply (Redis blips, a sink that is down).
 */
import { UnrecoverableError } from 'bullmq';
import { ZodError } from 'zod';

/** Retrying cannot help: malformed mail, an invalid payload, a missing blob. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

/** Worth retrying later: network, a sink temporarily refusing. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** True when retrying the job cannot change the outcome. */
export function isPermanent(err: unknown): boolean {
  return err instanceof PermanentError || err instanceof ZodError || err instanceof UnrecoverableError;
}

/**
 * Maps an error to BullMQ behaviour. Always throws: UnrecoverableError (with the reason and
 * its context) for permanent errors, the original error otherwise.
 */
export function classify(err: unknown, context: string): never {
  if (err instanceof UnrecoverableError) throw err;
  if (err instanceof ZodError) {
    throw new UnrecoverableError(
      `${context}: invalid job payload: ${err.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
    );
  }
  if (isPermanent(err)) throw new UnrecoverableError(`${context}: ${message(err)}`);
  throw err instanceof Error ? err : new TransientError(`${context}: ${message(err)}`);
}
