import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { logOptions } from './logger.js';
import { withoutCredentials } from './without-credentials.js';

describe('log redaction', () => {
  it('censors credentials in the shapes libraries log them, at debug too', () => {
    const lines: string[] = [];
    const log = pino(
      logOptions({ level: 'debug' }),
      new Writable({
        write(c: Buffer, _e, done) {
          lines.push(c.toString());
          done();
        },
      }),
    );
    log.debug({ auth: { user: 'u', pass: 'S1' } }, 'nodemailer options');
    log.debug({ transport: { auth: { pass: 'S2' } } }, 'nested auth');
    log.debug({ req: { headers: { authorization: 'token S3', 'x-hub-signature-256': 'sha256=S4' } } }, 'request');
    log.debug({ github: { webhookSecret: 'S5', token: 'S6' }, password: 'S7' }, 'config');
    const text = lines.join('');
    for (const s of ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7']) expect(text).not.toContain(s);
    expect(text).toContain('[redacted]');
  });

  it('strips user and password from URLs, and keeps the rest', () => {
    expect(withoutCredentials('redis://:pw@127.0.0.1:6379/0')).toBe('redis://127.0.0.1:6379/0');
    expect(withoutCredentials('smtp://user:pw@mail.example.org:587')).toBe('smtp://mail.example.org:587');
    expect(withoutCredentials('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(withoutCredentials('pw-pasted-here')).toBe('(not a URL)');
  });
});
