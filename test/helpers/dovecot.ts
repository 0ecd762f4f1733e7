import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The dovecot binary's version line, or null when dovecot (Debian: dovecot-imapd) is missing. */
export function dovecotVersion(): string | null {
  try {
    return execFileSync('dovecot', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export interface DovecotServer {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Delivers a raw message into a mailbox (created on first use), as the server's MDA would. */
  deliver(mailbox: string, raw: Buffer): void;
  /** Creates an empty mailbox (deliver() creates one on first use too). */
  createMailbox(mailbox: string): void;
  /** Drops every open IMAP connection of the user, server-side (`doveadm kick`). */
  kick(): void;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    srv.close(() => {
      resolve();
    }),
  );
  return port;
}

/** Resolves once the server sends its IMAP greeting. */
async function waitForGreeting(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('* OK'));
      });
      s.once('error', () => {
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  let tail = '';
  try {
    tail = readFileSync(log, 'utf8').slice(-2000);
  } catch {
    /* no log yet */
  }
  throw new Error(`dovecot did not answer on 127.0.0.1:${port} (exit ${String(child.exitCode)}): ${tail}`);
}

/**
 * A private dovecot (the Debian package's binary) for one test file: its own config, runtime
 * and Maildir under a temp dir, IMAP in plaintext on a free loopback port, one passwd-file user.
 * Dovecot never lets a mail process run as root, so under root the mail user is `nobody` and
 * the service users are the package's `dovecot`/`dovenull`; otherwise everything runs as us.
 */
export async function startDovecot(): Promise<DovecotServer> {
  const dir = mkdtempSync(join(tmpdir(), 'dax-imap-'));
  // Service and mail processes run as other users: they must be able to traverse the temp dir.
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const me = userInfo();
  const uid = asRoot ? 65534 : me.uid;
  const gid = asRoot ? 65534 : me.gid;
  const [internalUser, loginUser] = asRoot ? ['dovecot', 'dovenull'] : [me.username, me.username];
  // Dovecot chowns its sockets to this group: ours when not root (no chown to other groups then).
  const internalGroup = asRoot ? 'dovecot' : execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  const user = 'bot';
  const password = 'imap-test-password';
  const home = join(dir, 'mail', user);
  mkdirSync(join(home, 'Maildir'), { recursive: true });
  if (asRoot) for (const p of [join(dir, 'mail'), home, join(home, 'Maildir')]) chownSync(p, uid, gid);
  const port = await freePort();
  const log = join(dir, 'dovecot.log');
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${uid}:${gid}::${home}\n`);
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    [
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'state')}`,
      `log_path = ${log}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      // Test only: plaintext LOGIN over loopback.
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      // The bad-password test would otherwise wait out dovecot's 2 s anti-brute-force delay.
      'auth_failure_delay = 0',
      'mail_location = maildir:~/Maildir',
      `default_internal_user = ${internalUser}`,
      `default_internal_group = ${internalGroup}`,
      `default_login_user = ${loginUser}`,
      'first_valid_uid = 1',
      `passdb {\n  driver = passwd-file\n  args = ${join(dir, 'passwd')}\n}`,
      `userdb {\n  driver = passwd-file\n  args = ${join(dir, 'passwd')}\n}`,
      `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service anvil {\n  chroot =\n}',
      '',
    ].join('\n'),
  );
  const child = spawn('dovecot', ['-F', '-c', conf], { stdio: 'ignore' });
  try {
    await waitForGreeting(port, child, log);
  } catch (err) {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const mailboxes = new Set(['INBOX']);
  const doveadm = (args: string[], input: Buffer = Buffer.alloc(0)): void => {
    execFileSync('doveadm', ['-c', conf, ...args], { input, stdio: ['pipe', 'ignore', 'pipe'] });
  };
  return {
    port,
    user,
    password,
    createMailbox(mailbox) {
      doveadm(['mailbox', 'create', '-u', user, mailbox]);
      mailboxes.add(mailbox);
    },
    deliver(mailbox, raw) {
      // dovecot's own delivery (`doveadm save`, what dovecot-lda does): the message lands in the
      // Maildir and gets its UID at once, so UIDs follow delivery order as on a live server.
      if (!mailboxes.has(mailbox)) {
        doveadm(['mailbox', 'create', '-u', user, mailbox]);
        mailboxes.add(mailbox);
      }
      doveadm(['save', '-u', user, '-m', mailbox], raw);
    },
    kick() {
      doveadm(['kick', user]);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
