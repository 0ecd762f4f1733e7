import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { ImapFlow } from 'imapflow';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotVersion, startDovecot, type DovecotServer } from '../../test/helpers/dovecot.js';
import { describeSourceContract } from '../../test/helpers/source-contract.js';
import { PermanentError, TransientError } from '../errors.js';
import { splitMbox } from '../input/mbox.js';
import { ImapSource, ImapSourceConfig, parseImapCursor } from './imap.js';
import type { RawItem } from './source.js';

// 14 real messages: Dan Williams' "Fix the DAX-gup mistake" v1 (cover letter + 13 patches).
const MAILS = splitMbox(
  readFileSync(new URL('../../test/fixtures/corpus/series-samples/01-dax-gup-mistake-v1.mbox', import.meta.url)),
);
/** IMAP hands messages out with CRLF line ends (RFC 9051 2.2); the archive stores LF. */
const lf = (b: Buffer) => b.toString('latin1').replace(/\r\n/g, '\n');

function captureLogger() {
  const lines: { msg: string; level: number; [k: string]: unknown }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as { msg: string; level: number });
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

// .ci/run installs dovecot-imapd; skipped (with this reason) only where the binary is missing.
const DOVECOT = dovecotVersion();
describe.skipIf(DOVECOT === null)(
  `ImapSource against a private dovecot (${DOVECOT ?? 'dovecot not installed: apt-get install dovecot-imapd'})`,
  () => {
    let server: DovecotServer;
    const sources: ImapSource[] = [];
    beforeAll(async () => {
      server = await startDovecot();
    });
    afterAll(async () => {
      for (const s of sources) await s.close();
      await server.stop();
    });

    const source = (mailbox: string, extra: Partial<ImapSourceConfig> = {}) => {
      const log = captureLogger();
      const config = ImapSourceConfig.parse({
        host: '127.0.0.1',
        port: server.port,
        secure: false,
        allowPlaintext: true,
        user: server.user,
        password: server.password,
        mailbox,
        ...extra,
      });
      const src = new ImapSource({ id: 'imap:lists', config, logger: log.logger });
      sources.push(src);
      return { src, log };
    };
    async function drain(src: ImapSource, cursor: string | undefined, limit: number) {
      const items: RawItem[] = [];
      const pages: number[] = [];
      let next = cursor;
      for (;;) {
        const page = await src.poll(next, limit, new AbortController().signal);
        next = page.next;
        if (page.items.length === 0) return { items, next, pages };
        pages.push(page.items.length);
        items.push(...page.items);
      }
    }
    /** A second, independent client: how a human's mail reader would see the mailbox. */
    async function admin<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
      const c = new ImapFlow({
        host: '127.0.0.1',
        port: server.port,
        secure: false,
        auth: { user: server.user, pass: server.password },
        logger: false,
      });
      await c.connect();
      try {
        return await fn(c);
      } finally {
        await c.logout();
      }
    }

    it('fetches every delivered message once, in order, without touching flags, and resumes by cursor', async () => {
      for (const m of MAILS.slice(0, 10)) server.deliver('lists', m);
      const { src } = source('lists');
      const first = await drain(src, undefined, 4);
      expect(first.pages).toEqual([4, 4, 2]);
      expect(first.items.map((i) => lf(i.raw))).toEqual(MAILS.slice(0, 10).map((m) => m.toString('latin1')));
      const uidValidity = first.next.split(':')[0]!;
      expect(first.items.map((i) => i.itemKey)).toEqual(
        Array.from({ length: 10 }, (_, k) => `${uidValidity}:${k + 1}`),
      );
      expect(first.next).toBe(`${uidValidity}:10`);
      for (const i of first.items) expect(i).toMatchObject({ sourceId: 'imap:lists', kind: 'rfc822' });
      expect(Number.isNaN(Date.parse(first.items[0]!.receivedAt))).toBe(false);

      // Read-only: a human's reader still sees every message unread.
      const flags = await admin(async (c) => {
        await c.mailboxOpen('lists', { readOnly: true });
        return (await c.fetchAll('1:*', { flags: true })).map((m) => [...(m.flags ?? [])]);
      });
      expect(flags.flat()).not.toContain('\\Seen');

      // A restart (new source, new connection) resumes exactly; later deliveries are picked up.
      for (const m of MAILS.slice(10)) server.deliver('lists', m);
      const { src: restarted } = source('lists');
      const rest = await drain(restarted, first.next, 100);
      expect(rest.items.map((i) => lf(i.raw))).toEqual(MAILS.slice(10).map((m) => m.toString('latin1')));
      expect(rest.next).toBe(`${uidValidity}:14`);
      expect((await restarted.poll(rest.next, 100, new AbortController().signal)).items).toEqual([]);
    });

    it('resets the cursor and reads the mailbox again when UIDVALIDITY changes', async () => {
      for (const m of MAILS.slice(0, 3)) server.deliver('renumbered', m);
      const { src, log } = source('renumbered');
      const before = await drain(src, undefined, 10);
      expect(before.items).toHaveLength(3);
      // Deleting and recreating the mailbox gives it a new UIDVALIDITY (RFC 9051 2.3.1.1).
      await admin(async (c) => {
        await c.mailboxDelete('renumbered');
        await c.mailboxCreate('renumbered');
      });
      for (const m of MAILS.slice(5, 7)) server.deliver('renumbered', m);
      const after = await drain(src, before.next, 10);
      expect(after.items.map((i) => lf(i.raw))).toEqual(MAILS.slice(5, 7).map((m) => m.toString('latin1')));
      const [oldValidity] = before.next.split(':');
      const [newValidity, uid] = after.next.split(':');
      expect(newValidity).not.toBe(oldValidity);
      expect(uid).toBe('2');
      expect(log.lines.some((l) => l.level === 40 && l.msg.includes('UIDVALIDITY changed'))).toBe(true);
    });

    it('reconnects on the next poll after the server dropped the connection', async () => {
      for (const m of MAILS.slice(0, 2)) server.deliver('dropped', m);
      const { src, log } = source('dropped');
      const first = await drain(src, undefined, 10);
      expect(first.items).toHaveLength(2);
      server.kick();
      for (const m of MAILS.slice(2, 4)) server.deliver('dropped', m);
      // Whether or not the client noticed the drop yet, the poll reconnects and succeeds.
      const page = await src.poll(first.next, 10, new AbortController().signal);
      // Here the client had not noticed the drop: the reconnect happened inside the poll.
      expect(log.lines.some((l) => l.msg.includes('mailbox dropped: kept connection failed, reconnecting'))).toBe(true);
      expect(page.items.map((i) => lf(i.raw))).toEqual(MAILS.slice(2, 4).map((m) => m.toString('latin1')));
    });

    it('marks fetched mail \\Seen only when configured to', async () => {
      for (const m of MAILS.slice(0, 2)) server.deliver('seen', m);
      const { src } = source('seen', { markSeen: true });
      expect((await drain(src, undefined, 10)).items).toHaveLength(2);
      const flags = await admin(async (c) => {
        await c.mailboxOpen('seen', { readOnly: true });
        return (await c.fetchAll('1:*', { flags: true })).map((m) => [...(m.flags ?? [])]);
      });
      expect(flags).toEqual([['\\Seen'], ['\\Seen']]);
    });

    it('fails permanently on a missing mailbox', async () => {
      const missing = await source('no-such-box')
        .src.poll(undefined, 10, new AbortController().signal)
        .catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(PermanentError);
      expect(String(missing)).toContain('mailbox no-such-box');
    });

    it('fails transiently when the server is away', async () => {
      const away = await source('lists', { port: 1 })
        .src.poll(undefined, 10, new AbortController().signal)
        .catch((e: unknown) => e);
      expect(away).toBeInstanceOf(TransientError);
      expect(String(away)).toContain('imap 127.0.0.1:1 mailbox lists');
    });

    // Last: dovecot's anvil slows every login from this address for a while after a failed one.
    it('fails permanently on a bad login', async () => {
      const badLogin = await source('lists', { password: 'wrong' })
        .src.poll(undefined, 10, new AbortController().signal)
        .catch((e: unknown) => e);
      expect(badLogin).toBeInstanceOf(PermanentError);
      expect(String(badLogin)).toContain(`imap 127.0.0.1:${server.port} mailbox lists: login failed for bot`);
    });

    it('refuses to log in over cleartext unless plaintext is allowed', async () => {
      const err: unknown = await source('lists', { allowPlaintext: false })
        .src.poll(undefined, 10, new AbortController().signal)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentError);
      expect(String(err)).toMatch(/no TLS: Server does not support STARTTLS/);
      expect(String(err)).toContain(`imap 127.0.0.1:${server.port} mailbox lists`);
    });

    let contractBoxes = 0;
    describeSourceContract('imap (dovecot)', MAILS.slice(0, 6), () => {
      const mailbox = `contract-${++contractBoxes}`;
      server.createMailbox(mailbox);
      const { src } = source(mailbox);
      return {
        source: src,
        deliver: (raws) => {
          for (const r of raws) server.deliver(mailbox, r);
        },
        cleanup: () => src.close(),
      };
    });

    it('rejects a malformed cursor, naming the source', () => {
      expect(parseImapCursor('12:7', 'imap:lists')).toEqual({ uidValidity: 12n, uid: 7 });
      expect(() => parseImapCursor('abc', 'imap:lists')).toThrow(/imap:lists: bad cursor/);
    });
  },
);
