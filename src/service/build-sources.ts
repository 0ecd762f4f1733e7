import type { ServiceConfig } from '../config/service-config.js';
import type { Logger } from '../log/logger.js';
import { ImapSource } from '../sources/imap.js';
import { PublicInboxSource } from '../sources/public-inbox.js';
import type { PullSource } from '../sources/source.js';
import { SpoolSource } from '../sources/spool.js';

export interface ScheduledSource {
  readonly source: PullSource;
  readonly everyMs: number;
}

/** The spool (always: the embedded default) plus the configured public-inbox and IMAP sources. */
export function buildSources(config: ServiceConfig, log: Logger): ScheduledSource[] {
  const every = config.sources.pollMs;
  return [
    { source: new SpoolSource(config.spool.dir), everyMs: config.spool.pollMs },
    ...Object.entries(config.sources.publicInbox).map(([name, c]) => ({
      source: new PublicInboxSource({ id: `public-inbox:${name}`, epochs: c.epochs, fetch: c.fetch, logger: log }),
      everyMs: every,
    })),
    ...Object.entries(config.sources.imap).map(([name, c]) => ({
      source: new ImapSource({ id: `imap:${name}`, config: c, logger: log }),
      everyMs: every,
    })),
  ];
}
