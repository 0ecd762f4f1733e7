import { describe, expect, it } from 'vitest';
import { describeOutcome, repeatOutcome, type PublishRecord } from './publish-record.js';

const record = (outcome: PublishRecord['outcome']): PublishRecord => ({
  sinkId: 'smtp',
  outcome,
  ref: 'r@x',
  at: '2026-01-01T00:00:00.000Z',
});

describe('repeatOutcome', () => {
  it.each(['sent', 'written', 'dry-run', 'skipped-duplicate'] as const)(
    'a reply first %s is a duplicate when it comes again',
    (first) => {
      expect(repeatOutcome(record(first))).toEqual({ sinkId: 'smtp', outcome: 'skipped-duplicate', ref: 'r@x' });
    },
  );

  it('a reply first refused by the allow-list stays refused, never counted as published', () => {
    expect(repeatOutcome(record('skipped-not-allowed'))).toEqual({
      sinkId: 'smtp',
      outcome: 'skipped-not-allowed',
      ref: 'r@x',
    });
  });
});

describe('describeOutcome', () => {
  it('never says "published" or "sent" of a reply that did not go out', () => {
    for (const o of ['skipped-not-allowed', 'skipped-duplicate', 'dry-run'] as const)
      expect(describeOutcome(o)).not.toMatch(/^(published|sent)/);
    expect(describeOutcome('sent')).toBe('sent');
  });
});
