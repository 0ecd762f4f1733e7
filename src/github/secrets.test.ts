import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGithubSecrets, Secret } from './secrets.js';

const dir = mkdtempSync(join(tmpdir(), 'dax-secrets-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Secret', () => {
  it('never shows its value in strings, JSON or inspection', () => {
    const s = new Secret('hunter2');
    const shown = [String(s), JSON.stringify({ s }), inspect({ s }), s.toString()];
    for (const text of shown) expect(text).not.toContain('hunter2');
    expect(s.reveal()).toBe('hunter2');
  });
});

describe('loadGithubSecrets', () => {
  it('reads a one-line PEM from GITHUB_PRIVATE_KEY with \\n escapes', async () => {
    const s = await loadGithubSecrets({ GITHUB_PRIVATE_KEY: '-----BEGIN KEY-----\\nabc\\n-----END KEY-----' }, {});
    expect(s.privateKey?.reveal()).toBe('-----BEGIN KEY-----\nabc\n-----END KEY-----');
  });

  it('prefers the environment, then the config file path', async () => {
    const keyFile = join(dir, 'key.pem');
    const secretFile = join(dir, 'hook-secret');
    writeFileSync(keyFile, 'PEM-FROM-FILE\n');
    writeFileSync(secretFile, 'from-file\n');
    const fromConfig = await loadGithubSecrets({}, { privateKeyPath: keyFile, webhookSecretPath: secretFile });
    expect([fromConfig.privateKey?.reveal(), fromConfig.webhookSecret?.reveal(), fromConfig.token]).toEqual([
      'PEM-FROM-FILE',
      'from-file',
      null,
    ]);
    const fromEnv = await loadGithubSecrets(
      { GITHUB_PRIVATE_KEY_PATH: keyFile, GITHUB_WEBHOOK_SECRET: 'env', GITHUB_TOKEN: 'tok' },
      { webhookSecretPath: secretFile },
    );
    expect([fromEnv.privateKey?.reveal(), fromEnv.webhookSecret?.reveal(), fromEnv.token?.reveal()]).toEqual([
      'PEM-FROM-FILE',
      'env',
      'tok',
    ]);
  });

  it('names the key file it cannot read, without any secret', async () => {
    await expect(loadGithubSecrets({ GITHUB_PRIVATE_KEY_PATH: '/nonexistent/app.pem' }, {})).rejects.toThrow(
      /\/nonexistent\/app\.pem.*GITHUB_PRIVATE_KEY_PATH/s,
    );
  });
});
