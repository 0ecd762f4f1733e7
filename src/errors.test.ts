import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classify, isPermanent, PermanentError, TransientError } from './errors.js';

describe('classify', () => {
  it('fails a permanent error at once, with its context', () => {
    expect(() => classify(new PermanentError('not a mail message'), 'ingest job i1')).toThrow(UnrecoverableError);
    expect(() => classify(new PermanentError('not a mail message'), 'ingest job i1')).toThrow(
      'ingest job i1: not a mail message',
    );
  });

  it('fails an invalid job payload at once, naming the field', () => {
    const invalid = z.object({ blob: z.string() }).safeParse({ blob: 3 });
    if (invalid.success) throw new Error('the payload should be invalid');
    expect(() => classify(invalid.error, 'ingest job i2')).toThrow(/^ingest job i2: invalid job payload: blob: /);
  });

  it('lets anything else be retried: the error itself, or a TransientError with the context', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(() => classify(down, 'x')).toThrow(down);
    expect(isPermanent(new TransientError('smtp 450'))).toBe(false);
    expect(() => classify('a string', 'publish job p1')).toThrow(TransientError);
    expect(() => classify('a string', 'publish job p1')).toThrow('publish job p1: a string');
  });
});
