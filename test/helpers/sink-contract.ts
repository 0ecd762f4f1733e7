/**
 * Conformance suite every Sink must pass (BullMQ's adapter-conformance idea): it names itself
 * in its receipts, accepts mail replies, and publishing the same reply twice leaves one reply.
 */
import { describe, expect, it } from 'vitest';
import type { EmailReply } from '../../src/render/email-reply.js';
import type { MailPublication, Sink } from '../../src/sinks/sink.js';

export interface SinkHarness {
  readonly sink: Sink;
  /** How many distinct replies the sink's destination holds now. */
  delivered(): Promise<number>;
  close(): Promise<void>;
}

const reply = (n: number): EmailReply => ({
  messageId: `dax-review.${String(n).padStart(24, '0')}@dax-review.invalid`,
  inReplyTo: `patch-${n}@example.org`,
  references: [`cover@example.org`, `patch-${n}@example.org`],
  subject: `Re: [PATCH ${n}/2] mm: contract`,
  from: { name: 'dax-review', address: 'bot@dax-review.invalid' },
  to: [{ name: 'Ann Author', address: 'ann@example.org' }],
  cc: [{ name: '', address: 'list@example.org' }],
  headers: { 'Auto-Submitted': 'auto-generated' },
  text: 'Hi Ann,\n\nOne comment.\n',
  fingerprint: String(n).padStart(24, '0'),
});

export const contractPublication = (n: number, listId = 'list.example.org'): MailPublication => ({
  kind: 'email-reply',
  listId,
  reply: reply(n),
});

export function runSinkContract(name: string, make: () => Promise<SinkHarness>): void {
  describe(`${name} (Sink contract)`, () => {
    it('accepts mail replies and names itself in its receipt', async () => {
      const h = await make();
      try {
        expect(h.sink.accepts(contractPublication(1))).toBe(true);
        const receipt = await h.sink.publish(contractPublication(1), new AbortController().signal);
        expect(receipt.sinkId).toBe(h.sink.id);
        expect(['sent', 'written', 'dry-run']).toContain(receipt.outcome);
      } finally {
        await h.close();
      }
    });

    it('is idempotent: the same reply twice is delivered once', async () => {
      const h = await make();
      try {
        const signal = new AbortController().signal;
        await h.sink.publish(contractPublication(2), signal);
        expect((await h.sink.publish(contractPublication(2), signal)).outcome).toBe('skipped-duplicate');
        await h.sink.publish(contractPublication(3), signal);
        expect(await h.delivered()).toBe(2);
      } finally {
        await h.close();
      }
    });

    it('does nothing once aborted', async () => {
      const h = await make();
      try {
        const aborted = new AbortController();
        aborted.abort();
        await expect(h.sink.publish(contractPublication(4), aborted.signal)).rejects.toThrow();
        expect(await h.delivered()).toBe(0);
      } finally {
        await h.close();
      }
    });
  });
}
