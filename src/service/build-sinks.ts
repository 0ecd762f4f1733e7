import type { Redis } from 'ioredis';
import type { ServiceConfig } from '../config/service-config.js';
import type { Logger } from '../log/logger.js';
import { appKey, retentionMs } from '../queue/names.js';
import { OutboxSink } from '../sinks/outbox.js';
import { RedisSentLedger } from '../sinks/sent-ledger.js';
import type { Sink } from '../sinks/sink.js';
import { createSmtpTransport, SmtpSink, smtpServerLabel } from '../sinks/smtp.js';
import { placeholderSender } from './placeholder-sender.js';

/**
 * The sinks of this service: the outbox always (dry run: every reply the bot would send), and
 * SMTP only when sending is enabled and a URL is set; SMTP then sends only to allowed lists.
 */
export function buildSinks(config: ServiceConfig, connection: Redis, prefix: string, log: Logger): Sink[] {
  const sinks: Sink[] = [new OutboxSink(config.outbox.dir)];
  const url = config.smtp.url;
  if (config.smtp.enabled && url !== undefined && url !== '') {
    sinks.push(
      new SmtpSink({
        transport: createSmtpTransport(url),
        ledger: new RedisSentLedger(connection, `${appKey(prefix, 'smtp')}:`, retentionMs(config.redis).ledger),
        allowedLists: config.smtp.allowLists,
        logger: log,
        server: smtpServerLabel(url),
      }),
    );
    // Real mail From a placeholder is refused or junked by the lists, and its Message-IDs name a
    // domain nobody owns: say so once, at start-up, rather than on every send.
    const placeholders = placeholderSender(config.identity);
    if (placeholders.length > 0) {
      log.warn(
        { from: config.identity.from.address, domain: config.identity.domain, placeholders },
        "SMTP sending is on but the sender is a placeholder: set identity.from.address and identity.domain to the bot's real address and domain",
      );
    }
  }
  return sinks;
}
