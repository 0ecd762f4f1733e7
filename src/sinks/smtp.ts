import nodemailer from 'nodemailer';
import { z } from 'zod';
import { PermanentError, TransientError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { toMime } from '../render/to-mime.js';
import type { EmailReply } from '../render/email-reply.js';
import { headerAddresses } from '../render/header-safe.js';
import type { SentLedger } from './sent-ledger.js';
import type { Precheck, Publication, PublishReceipt, Sink } from './sink.js';

/** What an SMTP send returns, as much of it as the sink reads (nodemailer's SentMessageInfo). */
const SendInfo = z.object({
  accepted: z.array(z.union([z.string(), z.object({ address: z.string() })])).default([]),
  rejected: z.array(z.union([z.string(), z.object({ address: z.string() })])).default([]),
  response: z.string().default(''),
});

/** The fields of a nodemailer error that tell a refusal from an outage. */
const SmtpFailure = z.object({
  code: z.string().optional(),
  responseCode: z.number().optional(),
  command: z.string().optional(),
  response: z.string().optional(),
  message: z.string().default(''),
});

/** The SMTP envelope: MAIL FROM, RCPT TO, and whether to declare an 8bit body. */
export interface SmtpEnvelope {
  readonly from: string;
  readonly to: string[];
  readonly use8BitMime?: boolean;
}

/** The one transport call the sink makes; {@link createSmtpTransport} adapts nodemailer to it. */
export interface SmtpTransport {
  sendMail(mail: { envelope: SmtpEnvelope; raw: Buffer }): Promise<unknown>;
  close(): void;
}

export interface SmtpSinkOptions {
  readonly transport: SmtpTransport;
  readonly ledger: SentLedger;
  /**
   * List-Ids (`nvdimm.lists.linux.dev`) the bot may really reply on. Everything else is
   * 'skipped-not-allowed': a wrong config must not make the bot post to a list.
   */
  readonly allowedLists: readonly string[];
  readonly logger: Logger;
  /** For logs and errors only: which server, without credentials ({@link smtpServerLabel}). */
  readonly server: string;
  /** @defaultValue `() => new Date()` */
  readonly now?: () => Date;
}

/**
 * How long a send claim lasts: above the transport's worst case (15 s connect + 15 s greeting
 * + 60 s socket idle, see createSmtpTransport) with room to spare, short enough that a crashed
 * worker's reply is retried within minutes.
 */
const CLAIM_TTL_MS = 5 * 60_000;

/** Publication kinds this sink can send. */
const MAIL_KINDS: ReadonlySet<string> = new Set(['email-reply']);

const normaliseListId = (id: string): string => (/<([^<>]+)>/.exec(id)?.[1] ?? id).trim().toLowerCase();
const addressOf = (a: string | { address: string }): string => (typeof a === 'string' ? a : a.address);

/** SMTP_URL → a nodemailer transport, with timeouts short enough for a queue retry to take over. */
export function createSmtpTransport(url: string): SmtpTransport {
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    sendMail: ({ envelope, raw }) => transport.sendMail({ envelope: { ...envelope }, raw }),
    close: () => {
      transport.close();
    },
  };
}

/** `host:port` of an SMTP URL, for logs and errors: never the credentials it may carry. */
export function smtpServerLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'smtps:' ? '465' : '25')}`;
  } catch {
    return '(invalid SMTP_URL)';
  }
}

/**
 * The SMTP envelope: the bot as sender, author(s) and Cc'd list as recipients, each once
 * (compared without case; the first spelling is kept, since local parts may be case-sensitive).
 * Addresses come from mail: one that is not a plain `local@domain` (a CR/LF that would start
 * another SMTP command) is dropped, as from the To/Cc headers (to-mime.ts), so the envelope
 * names exactly the header's recipients.
 */
export function envelopeOf(reply: EmailReply): { from: string; to: string[] } {
  const seen = new Map<string, string>();
  for (const { address: a } of headerAddresses([...reply.to, ...reply.cc]))
    if (!seen.has(a.toLowerCase())) seen.set(a.toLowerCase(), a);
  return { from: headerAddresses([reply.from])[0]?.address ?? '', to: [...seen.values()] };
}

/**
 * Sends replies over SMTP, at most once per Message-ID. The ledger is checked before and written
 * after the server accepts the mail; a crash between the two can resend, which the deterministic
 * Message-ID lets receivers and archives recognise (exactly-once is not possible over SMTP).
 * Concurrent sends of one reply are prevented upstream by the publish job's deterministic id.
 */
export class SmtpSink implements Sink, Precheck {
  readonly id = 'smtp';
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly options: SmtpSinkOptions) {
    this.allowed = new Set(options.allowedLists.map(normaliseListId));
  }

  accepts(p: Publication): boolean {
    // A set, not `=== 'email-reply'`: today that is the only kind, GitHub publications are coming.
    return MAIL_KINDS.has(p.kind);
  }

  private logFor(p: Publication): Logger {
    return this.options.logger.child({
      sink: this.id,
      server: this.options.server,
      messageId: p.reply.messageId,
      listId: p.listId,
    });
  }

  async precheck(p: Publication): Promise<PublishReceipt | null> {
    if (p.listId === null || !this.allowed.has(normaliseListId(p.listId))) {
      this.logFor(p).info('list not on the SMTP allow-list: not sending');
      return { sinkId: this.id, outcome: 'skipped-not-allowed', ref: null };
    }
    if (await this.options.ledger.has(p.reply.messageId)) {
      this.logFor(p).info('reply already sent: not sending again');
      return { sinkId: this.id, outcome: 'skipped-duplicate', ref: p.reply.messageId };
    }
    return null;
  }

  async publish(p: Publication, signal: AbortSignal): Promise<PublishReceipt> {
    const { reply } = p;
    const skip = await this.precheck(p);
    if (skip !== null) return skip;
    const log = this.logFor(p);
    const envelope = envelopeOf(reply);
    if (envelope.to.length === 0)
      throw new PermanentError(`smtp ${this.options.server}: reply <${reply.messageId}> has no recipient`);
    const token = await this.options.ledger.claim(reply.messageId, CLAIM_TTL_MS);
    if (token === null) {
      // Another worker is sending it right now: retrying later finds its outcome in the ledger.
      throw new TransientError(
        `smtp ${this.options.server}: reply <${reply.messageId}> is being sent by another worker`,
      );
    }
    try {
      return await this.sendClaimed(reply, envelope, signal, log);
    } finally {
      await this.options.ledger.release(reply.messageId, token);
    }
  }

  /** Composes, sends and records one reply whose claim this worker holds. */
  private async sendClaimed(
    reply: EmailReply,
    envelope: { from: string; to: string[] },
    signal: AbortSignal,
    log: Logger,
  ): Promise<PublishReceipt> {
    // Checked again under the claim: a worker that held it before may have just recorded.
    if (await this.options.ledger.has(reply.messageId))
      return { sinkId: this.id, outcome: 'skipped-duplicate', ref: reply.messageId };
    const now = this.options.now ?? (() => new Date());
    const raw = await toMime(reply, { date: now() });
    signal.throwIfAborted();
    // An 8bit body (to-mime.ts) is announced with MAIL FROM … BODY=8BITMIME (RFC 6152) when the
    // server offers it; nodemailer only does so when the envelope asks.
    const use8BitMime = raw.some((b) => b >= 0x80);
    const result = await this.send({ ...envelope, use8BitMime }, raw, reply.messageId);
    // The mail is out whatever the transport's answer looks like: an odd answer must not make the
    // send look failed (a retry would send it again), so it falls back to "all accepted".
    const parsed = SendInfo.safeParse(result);
    if (!parsed.success) log.warn({ issues: parsed.error.issues }, 'unexpected answer from the SMTP transport');
    const info = parsed.success ? parsed.data : { accepted: envelope.to, rejected: [], response: '' };
    const accepted = info.accepted.map(addressOf);
    const rejected = info.rejected.map(addressOf);
    // Some recipients refused, others took it: the mail went out, so it is recorded as sent
    // (resending would double it for those who got it); the refusals are logged for the operator.
    if (rejected.length > 0) log.warn({ rejected, accepted }, 'some recipients refused the reply');
    const fresh = await this.options.ledger.record(reply.messageId, {
      sinkId: this.id,
      sentAt: now().toISOString(),
      accepted,
      response: info.response,
    });
    if (!fresh) log.warn('another worker recorded this reply while it was being sent: it may have gone out twice');
    log.info({ accepted, response: info.response }, 'reply sent');
    return { sinkId: this.id, outcome: 'sent', ref: reply.messageId };
  }

  /** One SMTP transaction; failures sorted into permanent (5xx) and transient (the rest). */
  private async send(envelope: SmtpEnvelope, raw: Buffer, messageId: string): Promise<unknown> {
    try {
      return await this.options.transport.sendMail({ envelope, raw });
    } catch (err) {
      const f = SmtpFailure.safeParse(err);
      const e = f.success ? f.data : { message: String(err) };
      const what = `smtp ${this.options.server}: sending <${messageId}> to ${envelope.to.join(', ')}`;
      const detail = [e.command, e.responseCode, e.response ?? e.message].filter((x) => x !== undefined).join(' ');
      // RFC 5321 4.2.1: 5yz is a permanent negative reply (a recipient or the message refused);
      // 4yz and everything below SMTP (refused connection, timeout, reset) may pass on a retry.
      // The publish queue retries a TransientError for up to a day; a PermanentError fails at once.
      if (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600) {
        throw new PermanentError(`${what}: refused permanently: ${detail}`, { cause: err });
      }
      throw new TransientError(`${what}: failed, will retry: ${e.code ?? ''} ${detail}`.trim(), { cause: err });
    }
  }

  async close(): Promise<void> {
    this.options.transport.close();
    return Promise.resolve();
  }
}
