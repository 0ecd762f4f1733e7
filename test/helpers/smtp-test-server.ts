import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One mail as the server received it. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** MAIL FROM parameters, e.g. `{ BODY: '8BITMIME' }`. */
  readonly mailFromArgs: Readonly<Record<string, unknown>>;
  readonly raw: Buffer;
}

export interface SmtpTestServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** DATA transactions begun (a mail being received counts here before it is in `received`). */
  readonly receiving: () => number;
  stop(): Promise<void>;
}

export interface SmtpTestServerOptions {
  /**
   * How long the server holds its answer to DATA after the message has arrived, like a slow
   * MTA (content scanning, a busy queue): the sender's transaction, and the job that sends,
   * stay in flight that long. @defaultValue 0
   */
  readonly holdDataMs?: number;
  /** Require AUTH (PLAIN/LOGIN, allowed without TLS on loopback) with these credentials. */
  readonly auth?: { readonly user: string; readonly pass: string };
}

/** How the server answers RCPT TO for an address: accept, or an SMTP reply code. */
export type RcptPolicy = (address: string) => 'ok' | 450 | 550;

const smtpError = (code: number, text: string): Error & { responseCode: number } =>
  Object.assign(new Error(text), { responseCode: code });

const mailAddress = (a: SMTPServerAddress | false): string => (a === false ? '' : a.address);

/**
 * A real SMTP server (the `smtp-server` package, Nodemailer's own) on loopback: plaintext,
 * no auth, no STARTTLS, so nodemailer talks to it as to a local MTA. `port` 0 picks a free
 * port; pass a previous server's port to bring "the same" server back after an outage.
 */
export async function startSmtpServer(
  port = 0,
  rcpt: RcptPolicy = () => 'ok',
  options: SmtpTestServerOptions = {},
): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  let receiving = 0;
  const server = new SMTPServer({
    authOptional: options.auth === undefined,
    disabledCommands: options.auth === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (options.auth !== undefined && auth.username === options.auth.user && auth.password === options.auth.pass)
        callback(null, { user: auth.username });
      else callback(smtpError(535, 'authentication failed'));
    },
    logger: false,
    onRcptTo(address, _session, callback) {
      const verdict = rcpt(address.address);
      if (verdict === 'ok') callback();
      else callback(smtpError(verdict, verdict === 450 ? 'mailbox busy, try later' : 'no such user here'));
    },
    onData(stream, session, callback) {
      receiving++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        setTimeout(() => {
          // Recorded as the 250 goes out: `received` holds what the server accepted.
          received.push({
            from: mailAddress(session.envelope.mailFrom),
            to: session.envelope.rcptTo.map((r) => r.address),
            mailFromArgs: session.envelope.mailFrom === false ? {} : { ...(session.envelope.mailFrom.args || {}) },
            raw: Buffer.concat(chunks),
          });
          callback();
        }, options.holdDataMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve();
    });
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    received,
    receiving: () => receiving,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
