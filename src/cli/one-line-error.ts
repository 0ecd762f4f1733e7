/**
 * An error a command reports as one line on stderr with exit 2 (no Redis, an unknown message…),
 * carrying the original as its cause. Commands load their modules only when they run, so the
 * entry point cannot name their error classes; the command wraps them in this instead.
 */
export class OneLineError extends Error {
  override readonly name = 'OneLineError';
}
