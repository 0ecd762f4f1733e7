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

/**
 * RFC 5321 4.2.1: a 5yz reply is a permanent negative completion (a recipient or the message
 * refused, whenever it is tried again); 4yz and failures below SMTP (refused connection,
 * timeout, reset) may pass on a retry.
 */
export function isPermanentSmtpReply(responseCode: number | undefined): boolean {
  return responseCode !== undefined && responseCode >= 500 && responseCode < 600;
}

/** The SMTP reply code nodemailer puts on its errors (`responseCode`), if any. */
const smtpReplyCode = (err: unknown): number | undefined => {
  const code = typeof err === 'object' && err !== null && 'responseCode' in err ? err.responseCode : undefined;
  return typeof code === 'number' ? code : undefined;
};

/**
 * True when retrying the job cannot change the outcome; that includes an SMTP 5xx that reaches
 * a worker unwrapped, so that a publish job never waits out a day of backoff on a refusal.
 */
export function isPermanent(err: unknown): boolean {
  return err instanceof PermanentError || err instanceof ZodError || err instanceof UnrecoverableError
    || (!(err instanceof TransientError) && isPermanentSmtpReply(smtpReplyCode(err)));
}

/**
 * Maps an error to BullMQ behaviour. Always throws: UnrecoverableError (with the reason and
 * its context) for permanent errors, the original error otherwise.
 */
export function classify(err: unknown, context: string): never {
  if (err instanceof UnrecoverableError) throw err;
  if (err instanceof ZodError) {
    throw new UnrecoverableError(`${context}: invalid job payload: ${err.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  }
  if (isPermanent(err)) throw new UnrecoverableError(`${context}: ${message(err)}`);
  throw err instanceof Error ? err : new TransientError(`${context}: ${message(err)}`);
}
