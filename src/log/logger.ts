import { pino, type Logger } from 'pino';

/**
 * The one root logger. Structured JSON to stderr (stdout belongs to reports); level from
 * LOG_LEVEL. Secrets and whole mail bodies are redacted wherever they appear under these keys.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'dax-review',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: {
        paths: ['token', '*.token', 'privateKey', '*.privateKey', 'secret', '*.secret', 'password', '*.password', 'raw', '*.raw', 'body', '*.body'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

export type { Logger };
