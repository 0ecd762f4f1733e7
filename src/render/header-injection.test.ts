import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { TEST_IDENTITY } from '../../test/helpers/sample-reply.js';
import { startSmtpServer } from '../../test/helpers/smtp-test-server.js';
import { runRules } from '../engine/run-rules.js';
import { parseMessage } from '../mail/parse-message.js';
import { OutboxSink } from '../sinks/outbox.js';
import { RedisSentLedger } from '../sinks/sent-ledger.js';
import { createSmtpTransport, SmtpSink } from '../sinks/smtp.js';
import { renderDigestReply } from './digest-reply.js';
import { renderEmailReply, type EmailReply } from './email-reply.js';

// A real patch mail (kb-mails/09) whose headers an attacker rewrote; real outbox files and a real
// smtp-server receive what the bot writes in reply.
const KB09 = readFileSync(
  new URL('../../test/fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml', import.meta.url),
  'latin1',
);
const EVIL = 'evil.example';

/** kb09 with its From, Subject, Message-ID and References replaced by hostile ones. */
function hostileMail(): Buffer {
  const text = KB09.replace(/^From: .*$/m, `From: =?utf-8?q?John=0D=0ABcc:_name@${EVIL}?= <jhubbard@nvidia.com>`)
    .replace(
      /^Subject: .*$/m,
      `Subject: =?utf-8?q?[PATCH_2/2]_mm/gup:_frame=5Fvector=0D=0ABcc:_subj@${EVIL}=0D=0A=00=0B=E2=80=A8X-Evil:_1?=`,
    )
    .replace(/^Message-ID: .*$/m, `Message-ID: <20200527223243.884385-3-jhubbard@nvidia.com\x00\x01Bcc:mid@${EVIL}>`)
    .replace(
      /^References: .*$/m,
      `References: <20200527223243.884385-1-jhubbard@nvidia.com>\r\n\tBcc: ref@${EVIL}\r\n <ref\r\n Bcc: fold@${EVIL}> <ref\x7f\x1b@x> <bare\rcr@x>`,
    );
  return Buffer.from(text, 'latin1');
}

/** Every problem with a header block the bot wrote: injected fields, controls, malformed ids. */
async function headerProblems(bytes: Buffer): Promise<string[]> {
  const head = bytes.subarray(0, bytes.indexOf('\r\n\r\n')).toString('latin1');
  const problems: string[] = [];

  if (/[^\x20-\x7e\t\r\n]|\r(?!\n)|(?<!\r)\n/.test(head))
    problems.push('a control character or bare CR/LF in the headers');
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line)) continue;
    const name = /^([!-9;-~]+):/.exec(line)?.[1]?.toLowerCase();
    if (name === undefined) problems.push(`not a header line: ${JSON.stringify(line)}`);
    else if (
      ![
        'from',
        'to',
        'cc',
        'subject',
        'message-id',
        'in-reply-to',
        'references',
        'date',
        'mime-version',
        'content-type',
        'content-transfer-encoding',
        'auto-submitted',
        'x-dax-review-fingerprint',
        'x-note',
      ].includes(name)
    )
      problems.push(`injected header ${name}`);
  }
  const mail = await simpleParser(bytes);
  for (const id of [mail.messageId, mail.inReplyTo, ...[mail.references ?? []].flat()]) {
    if (id !== undefined && !/^<[^\s<>]+>$/.test(id)) problems.push(`malformed id ${JSON.stringify(id)}`);
  }
  const recipients = [mail.to, mail.cc]
    .flat()
    .flatMap((a) => a?.value ?? [])
    .map((v) => v.address ?? '');
  if (recipients.some((a) => a.includes(EVIL) || /\s/.test(a)))
    problems.push(`recipients ${JSON.stringify(recipients)}`);
  if (mail.bcc !== undefined) problems.push('a Bcc');
  return problems;
}

async function hostileReplies(): Promise<EmailReply[]> {
  const patch = await parseMessage(hostileMail(), 'hostile.eml');
  const findings = runRules(rules, { patch, series: null }).findings;
  expect(findings.length).toBeGreaterThan(0);
  // The attack reached the parse: otherwise this test proves nothing.
  expect(patch.subject.raw).toMatch(/\r\nBcc:/);
  const reply = renderEmailReply(patch, findings, TEST_IDENTITY);
  const digest = renderDigestReply(patch, [{ patch, findings }], TEST_IDENTITY);
  return [
    reply,
    digest,
    {
      ...reply,
      messageId: `x\r\nBcc: own@${EVIL}`,
      headers: { ...reply.headers, 'X-Note': `a\r\nBcc: x@${EVIL}`, 'X-Bad\r\nBcc': 'y' },
    },
  ];
}

describe('mail headers from hostile mail', () => {
  let dir = '';
  let redis: Redis;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dax-headers-'));
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await redis.quit();
  });

  it('the outbox .eml of a reply and a digest carries no injected header, control or malformed id', async () => {
    const sink = new OutboxSink(dir);
    for (const reply of await hostileReplies()) {
      const receipt = await sink.publish({ kind: 'email-reply', listId: null, reply }, new AbortController().signal);
      expect(await headerProblems(await readFile(receipt.ref ?? ''))).toEqual([]);
    }
  });

  it('a real SMTP server receives no injected header, and only the real recipients in the envelope', async () => {
    const smtp = await startSmtpServer();
    const prefix = `test-headers-${randomUUID()}:`;
    const sink = new SmtpSink({
      transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`),
      ledger: new RedisSentLedger(redis, prefix),
      allowedLists: ['linux-mm.kvack.org'],
      logger: pino({ level: 'silent' }),
      server: `127.0.0.1:${smtp.port}`,
    });
    try {
      const [reply] = await hostileReplies();
      const hostile: EmailReply = {
        ...reply!,
        to: [{ name: `A\r\nBcc: n@${EVIL}`, address: `jhubbard@nvidia.com\r\nRCPT TO:<env@${EVIL}>` }],
      };
      expect(
        (
          await sink.publish(
            { kind: 'email-reply', listId: 'linux-mm.kvack.org', reply: hostile },
            new AbortController().signal,
          )
        ).outcome,
      ).toBe('sent');
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to.some((a) => a.includes(EVIL))).toBe(false);
      expect(await headerProblems(smtp.received[0]!.raw)).toEqual([]);
    } finally {
      await sink.close();
      await smtp.stop();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });
});
