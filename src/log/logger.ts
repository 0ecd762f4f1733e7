import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Log fields that may hold a secret or a whole mail, censored at any level (debug too). pino's
 * paths match one level of nesting per `*`: the credentials of a logged config, an HTTP
 * request's headers (Authorization, the webhook signature) and an error's options are covered.
 */
export const LOG_REDACT: { paths: string[]; censor: string } = {
  paths: [
    'token',
    '*.token',
    'privateKey',
    '*.privateKey',
    'secret',
    '*.secret',
    'webhookSecret',
    '*.webhookSecret',
    'password',
    '*.password',
    'pass',
    '*.pass',
    'auth',
    '*.auth',
    '*.auth.pass',
    'authorization',
    '*.authorization',
    'headers.authorization',
    '*.headers.authorization',
    '*.headers["x-hub-signature-256"]',
    'headers["x-hub-signature-256"]',
    'raw',
    '*.raw',
    'body',
    '*.body',
  ],
  censor: '[redacted]',
};

/** The options of every logger of the service: its name, level and {@link LOG_REDACT}. */
export function logOptions(options: { level?: string; name?: string } = {}): LoggerOptions {
  return {
    name: options.name ?? 'dax-review',
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: LOG_REDACT,
  };
}

/**
 * The one root logger. Structured JSON to stderr (stdout belongs to reports); level from
 * LOG_LEVEL. Secrets and whole mail bodies are redacted wherever they appear under these keys.
 *
 * The destination is asynchronous and buffered (sonic-boom, `sync: false`, writes of at least
 * FLUSH_BYTES): a busy service makes one write per few kB of lines instead of one syscall per
 * line. What is buffered is written at the latest FLUSH_MS later (a timer that does not keep
 * the process alive), when the process exits (pino's exit hook), and by `flushLogger` (the
 * service's drain path). A SIGKILL may lose the last second of lines.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  const destination = pino.destination({ dest: 2, sync: false, minLength: FLUSH_BYTES });
  // The callback form never throws (a destroyed destination reports to it instead).
  setInterval(() => {
    destination.flush(() => undefined);
  }, FLUSH_MS).unref();
  return pino(logOptions(options), destination);
}

/** Bytes of log lines gathered into one write. */
const FLUSH_BYTES = 4096;
/** The longest a logged line waits in the buffer. */
const FLUSH_MS = 1000;

/** Writes out what the logger still buffers; resolves when done (or at once for a synchronous destination). */
export async function flushLogger(log: Logger): Promise<void> {
  await new Promise<void>((resolve) => {
    // An error (a closed destination, stderr gone) means nothing more can be written: done either way.
    log.flush(() => {
      resolve();
    });
  });
}

export type { Logger };
