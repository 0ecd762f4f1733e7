import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmailReply } from '../render/email-reply.js';
import { outboxFileName, OutboxSink } from './outbox.js';
import type { MailPublication } from './sink.js';

const made: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'dax-outbox-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const reply: EmailReply = {
  messageId: 'dax-review.0123456789abcdef01234567@example.org',
  inReplyTo: 'patch-2@example.org',
  references: ['cover@example.org', 'patch-2@example.org'],
  subject: 'Re: [PATCH 2/2] mm: pin it',
  from: { name: 'dax-review', address: 'bot@example.org' },
  to: [{ name: 'Ann Author', address: 'ann@example.org' }],
  cc: [{ name: '', address: 'linux-mm@kvack.org' }],
  headers: { 'Auto-Submitted': 'auto-generated', 'X-Dax-Review-Fingerprint': '0123456789abcdef01234567' },
  text: 'Hi Ann,\n\nOne comment.\n',
  fingerprint: '0123456789abcdef01234567',
};
const publication: MailPublication = { kind: 'email-reply', listId: 'linux-mm.kvack.org', reply };
const signal = new AbortController().signal;

describe('OutboxSink', () => {
  it('writes one threaded .eml named by its Message-ID, and calls a second publish a duplicate', async () => {
    const dir = tempDir();
    const sink = new OutboxSink(dir);
    const first = await sink.publish(publication, signal);
    expect(first).toEqual({ sinkId: 'outbox', outcome: 'written', ref: join(dir, outboxFileName(reply.messageId)) });
    expect(await sink.publish(publication, signal)).toMatchObject({ outcome: 'skipped-duplicate' });
    // No temporary file left behind, just the one reply.
    expect(readdirSync(dir)).toEqual([`${reply.messageId}.eml`]);
    const mail = await simpleParser(readFileSync(first.ref!));
    expect(mail.messageId).toBe(`<${reply.messageId}>`);
    expect(mail.inReplyTo).toBe('<patch-2@example.org>');
    expect(mail.references).toEqual(['<cover@example.org>', '<patch-2@example.org>']);
    expect(mail.subject).toBe(reply.subject);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.text).toBe(reply.text);
  });

  it('writes a reply once when two workers race on it', async () => {
    const dir = tempDir();
    const outcomes = await Promise.all(
      [new OutboxSink(dir), new OutboxSink(dir)].map((s) => s.publish(publication, signal)),
    );
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['skipped-duplicate', 'written']);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('keeps every Message-ID inside the outbox, one file per id, names within NAME_MAX', async () => {
    const dir = tempDir();
    const sink = new OutboxSink(dir);
    const hostile = [
      '../../etc/passwd',
      '/abs/path@x',
      'a/b@x',
      'a_b@x',
      'a\0b@x',
      'a_b@x.',
      'x'.repeat(1000),
      `${'x'.repeat(1000)}y`,
      'ünïcödé@例え.jp',
      '.',
      '..',
      '.hidden@x',
      'CON',
      'con.txt',
      'NUL',
      'COM1',
      'lpt9.x',
      'a\\b@x',
      'C:evil@x',
    ];
    for (const id of hostile) {
      const r = { ...reply, messageId: id };
      const first = await sink.publish({ ...publication, reply: r }, signal);
      expect(first.outcome, id).toBe('written');
      // The same id again: idempotent, the same file.
      expect(await sink.publish({ ...publication, reply: r }, signal)).toMatchObject({
        outcome: 'skipped-duplicate',
        ref: first.ref,
      });
      expect(dirname(first.ref!), id).toBe(dir);
      expect(Buffer.byteLength(basename(first.ref!)), id).toBeLessThanOrEqual(255);
      expect(basename(first.ref!), id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9@._+-]*\.eml$/);
      expect(basename(first.ref!), id).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
    }
    // Every id its own file, nothing written anywhere else.
    expect(readdirSync(dir).sort()).toEqual(hostile.map(outboxFileName).sort());
    expect(new Set(readdirSync(dir)).size).toBe(hostile.length);
    // Our own ids keep their plain names (existing outboxes stay idempotent).
    expect(outboxFileName(reply.messageId)).toBe(`${reply.messageId}.eml`);
  });
});
