import { ImapFlow } from 'imapflow';
import { z } from 'zod';
import { PermanentError, TransientError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { PollResult, PullSource, RawItem } from './source.js';

/** The IMAP part of the service config (validated where the config file is read). */
export const ImapSourceConfig = z
  .object({
    host: z.string().min(1),
    /** @defaultValue 993 */
    port: z.number().int().positive().default(993),
    /** Implicit TLS (993). false: port 143, upgraded with STARTTLS. @defaultValue true */
    secure: z.boolean().default(true),
    /**
     * With `secure: false`, allow a server that does not offer STARTTLS: the password then
     * crosses the wire in clear. Only for a server on loopback (tests). @defaultValue false
     */
    allowPlaintext: z.boolean().default(false),
    user: z.string().min(1),
    password: z.string().min(1),
    /** The mailbox that receives the lists' mail. @defaultValue 'INBOX' */
    mailbox: z.string().min(1).default('INBOX'),
    /**
     * Mark fetched mail \Seen. Off by default: the source opens the mailbox read-only (EXAMINE)
     * so that a human sharing the mailbox sees nothing change. @defaultValue false
     */
    markSeen: z.boolean().default(false),
  })
  .strict();
export type ImapSourceConfig = z.infer<typeof ImapSourceConfig>;

export interface ImapSourceOptions {
  /** e.g. `imap:lists`. */
  readonly id: string;
  readonly config: ImapSourceConfig;
  readonly logger: Logger;
}

/** `UIDVALIDITY:UID` of the last message handed out (UID 0: nothing yet). */
interface Cursor {
  readonly uidValidity: bigint;
  readonly uid: number;
}

export function parseImapCursor(text: string | undefined, sourceId: string): Cursor | null {
  if (text === undefined || text === '') return null;
  const m = /^(\d+):(\d+)$/.exec(text);
  // Permanent: a corrupt cursor in Redis will not fix itself; an operator resets it.
  if (m?.[1] === undefined || m[2] === undefined)
    throw new PermanentError(`${sourceId}: bad cursor ${JSON.stringify(text)}: expected "UIDVALIDITY:UID"`);
  return { uidValidity: BigInt(m[1]), uid: Number(m[2]) };
}

const formatCursor = (c: Cursor): string => `${c.uidValidity.toString()}:${c.uid}`;

/** Did the server answer (NO/BAD), as opposed to the connection failing? */
const hasImapStatus = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && typeof (err as { responseStatus?: unknown }).responseStatus === 'string';

/** The fields of an imapflow error that say whether retrying can help. */
const ImapFailure = z.object({
  authenticationFailed: z.boolean().optional(),
  serverResponseCode: z.string().optional(),
  mailboxMissing: z.boolean().optional(),
  tlsFailed: z.boolean().optional(),
  responseText: z.string().optional(),
  code: z.string().optional(),
  message: z.string().default(''),
});

/**
 * Reads a mailbox subscribed to the lists, by polling (the poll job's schedule sets the pace;
 * IDLE would only save latency). Messages are handed out in UID order after the cursor's UID.
 * A different UIDVALIDITY means the server renumbered the mailbox (RFC 9051 2.3.1.1): the old
 * UIDs mean nothing, so the cursor resets and the whole mailbox is read again; ingest
 * de-duplicates by content, so nothing is reviewed twice.
 */
export class ImapSource implements PullSource {
  readonly id: string;
  private client: ImapFlow | null = null;
  private readonly where: string;

  constructor(private readonly options: ImapSourceOptions) {
    this.id = options.id;
    const { host, port, mailbox } = options.config;
    this.where = `imap ${host}:${port} mailbox ${mailbox}`;
  }

  async poll(cursorText: string | undefined, limit: number, signal: AbortSignal): Promise<PollResult> {
    const cursor = parseImapCursor(cursorText, this.id);
    const reused = this.client?.usable === true;
    try {
      return await this.pollOnce(await this.connected(), cursor, limit, signal);
    } catch (err) {
      if (signal.aborted) {
        await this.close();
        throw this.describe(err);
      }
      // A kept connection can die unnoticed (server idle timeout, restart, NAT): one fresh
      // connection is tried before the poll fails. An IMAP NO/BAD answer is not retried.
      if (!reused || hasImapStatus(err)) throw this.describe(err);
      this.options.logger.info({ sourceId: this.id, err }, `${this.where}: kept connection failed, reconnecting`);
      this.drop();
      try {
        return await this.pollOnce(await this.connected(), cursor, limit, signal);
      } catch (again) {
        throw this.describe(again);
      }
    }
  }

  private async pollOnce(
    client: ImapFlow,
    cursor: Cursor | null,
    limit: number,
    signal: AbortSignal,
  ): Promise<PollResult> {
    signal.throwIfAborted();
    const box = await client.mailboxOpen(this.options.config.mailbox, { readOnly: !this.options.config.markSeen });
    let after = cursor?.uid ?? 0;
    if (cursor !== null && cursor.uidValidity !== box.uidValidity) {
      this.options.logger.warn(
        { sourceId: this.id, mailbox: box.path, was: cursor.uidValidity.toString(), now: box.uidValidity.toString() },
        'UIDVALIDITY changed: the server renumbered the mailbox, reading it again from the start',
      );
      after = 0;
    }
    // `N:*` also matches the highest UID when it is below N (RFC 9051 6.4.9): filter again.
    const found = box.exists === 0 ? [] : await client.search({ uid: `${after + 1}:*` }, { uid: true });
    // imapflow answers `false` (not an exception) when the server refuses the SEARCH.
    if (!Array.isArray(found)) throw new TransientError(`${this.where}: UID SEARCH ${after + 1}:* failed`);
    const uids = found
      .filter((u) => u > after)
      .sort((a, b) => a - b)
      .slice(0, limit);
    signal.throwIfAborted();
    const items = uids.length === 0 ? [] : await this.fetch(client, uids, box.uidValidity);
    if (uids.length > 0 && this.options.config.markSeen) await client.messageFlagsAdd(uids, ['\\Seen'], { uid: true });
    const last = uids.at(-1) ?? after;
    return { items, next: formatCursor({ uidValidity: box.uidValidity, uid: last }) };
  }

  private async fetch(client: ImapFlow, uids: number[], uidValidity: bigint): Promise<RawItem[]> {
    // BODY.PEEK[] (imapflow's `source`) never sets \Seen, even on a read-write mailbox.
    const messages = await client.fetchAll(uids, { uid: true, source: true, internalDate: true }, { uid: true });
    const byUid = new Map(messages.map((m) => [m.uid, m]));
    return uids.flatMap((uid) => {
      const m = byUid.get(uid);
      // Expunged between SEARCH and FETCH: gone, nothing to deliver.
      if (m?.source === undefined) return [];
      const date = m.internalDate === undefined ? new Date() : new Date(m.internalDate);
      return [
        {
          sourceId: this.id,
          itemKey: `${uidValidity.toString()}:${uid}`,
          receivedAt: date.toISOString(),
          kind: 'rfc822' as const,
          raw: m.source,
        },
      ];
    });
  }

  /** The open connection, or a new one (IMAP servers drop idle connections; polls reconnect). */
  private async connected(): Promise<ImapFlow> {
    if (this.client?.usable === true) return this.client;
    const { host, port, secure, user, password, allowPlaintext } = this.options.config;
    const client = new ImapFlow({
      host,
      port,
      secure,
      auth: { user, pass: password },
      // Without implicit TLS, STARTTLS is required (imapflow would otherwise fall back to
      // cleartext when the offer is missing, which an attacker on the path can arrange).
      ...(secure || allowPlaintext ? {} : { doSTARTTLS: true }),
      // Protocol chatter stays out of our logs; imapflow's warnings and errors come through.
      // imapflow logs every command at info: keep warnings and up, but never louder than the parent.
      logger: this.options.logger.child(
        { sourceId: this.id, component: 'imapflow' },
        { level: quieterOf(this.options.logger, 'warn') },
      ),
      disableAutoIdle: true,
    });
    // Without a listener a dropped connection's 'error' event would crash the process.
    client.on('error', (err: unknown) => {
      this.options.logger.warn({ sourceId: this.id, err }, `${this.where}: connection error`);
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /** The error with where it happened; permanent when retrying cannot help. */
  private describe(err: unknown): Error {
    if (err instanceof PermanentError || err instanceof TransientError) return err;
    if (err instanceof Error && err.name === 'AbortError') return err;
    const f = ImapFailure.safeParse(err);
    const e = f.success ? f.data : { message: String(err) };
    const text = [e.message, e.responseText].filter(Boolean).join(': ');
    if (e.authenticationFailed === true)
      return new PermanentError(`${this.where}: login failed for ${this.options.config.user}: ${text}`, { cause: err });
    // STARTTLS missing or the handshake refused (certificate): the configuration has to change.
    if (e.tlsFailed === true) return new PermanentError(`${this.where}: no TLS: ${text}`, { cause: err });
    if (e.mailboxMissing === true || e.serverResponseCode === 'NONEXISTENT')
      return new PermanentError(`${this.where}: no such mailbox: ${text}`, { cause: err });
    return new TransientError(`${this.where}: ${text}`, { cause: err });
  }

  /** Forgets a broken connection without a LOGOUT round trip. */
  private drop(): void {
    const client = this.client;
    this.client = null;
    client?.close();
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client?.usable === true)
      await client.logout().catch(() => {
        client.close();
      });
  }
}

/** The quieter of the logger's own level and `level` (a silent parent stays silent). */
function quieterOf(logger: Logger, level: 'warn'): string {
  const wanted = logger.levels.values[level] ?? 40;
  return logger.levelVal > wanted ? logger.level : level;
}
