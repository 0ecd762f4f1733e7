import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { classify, isPermanent, isPermanentSmtpReply, PermanentError, TransientError } from './errors.js';

/** An error as nodemailer throws it on an SMTP refusal. */
const smtpError = (responseCode: number): Error => Object.assign(new Error(`${responseCode} refused`), { responseCode, command: 'RCPT TO' });

describe('classify', () => {
  it('fails an SMTP 5xx at once, with its context', () => {
    expect(() => classify(smtpError(550), 'publish job p1')).toThrow(UnrecoverableError);
    expect(() => classify(smtpError(554), 'publish job p1')).toThrow('publish job p1: 554 refused');
  });

  it('retries an SMTP 4xx and failures below SMTP', () => {
    const busy = smtpError(450);
    expect(() => classify(busy, 'x')).toThrow(busy);
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(() => classify(refused, 'x')).toThrow(refused);
  });

  it('keeps our own verdicts: PermanentError fails, TransientError retries even with a 5xx code on it', () => {
    expect(() => classify(new PermanentError('bad mail'), 'x')).toThrow(UnrecoverableError);
    const t = Object.assign(new TransientError('claimed elsewhere'), { responseCode: 550 });
    expect(isPermanent(t)).toBe(false);
    expect(() => classify(t, 'x')).toThrow(t);
  });
});

describe('isPermanentSmtpReply', () => {
  it.each([[550, true], [500, true], [599, true], [421, false], [450, false], [250, false], [600, false], [undefined, false]] as const)(
    '%s → %s', (code, permanent) => { expect(isPermanentSmtpReply(code)).toBe(permanent); });
});
