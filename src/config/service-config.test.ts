import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './project-config.js';
import { loadServiceConfig } from './service-config.js';

const made: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'dax-cfg-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const RULES = ['longterm-pin-without-foll-longterm'];
const file = (text: string): string => {
  const path = join(tempDir(), 'c.yaml');
  writeFileSync(path, text);
  return path;
};

describe('loadServiceConfig', () => {
  it('has working defaults without a file', async () => {
    const { config, redisExplicit } = await loadServiceConfig({}, RULES);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.spool.dir).toBe('./var/spool');
    expect(config.outbox.dir).toBe('./var/outbox');
    expect(config.smtp.enabled).toBe(false);
    expect(redisExplicit).toBe(false);
  });

  it('gives publish jobs a day of mail-outage backoff by default, and takes shorter waits from the file', async () => {
    expect((await loadServiceConfig({}, RULES)).config.publish.backoff).toEqual({
      firstDelayMs: 5000,
      maxDelayMs: 600_000,
      giveUpAfterMs: 86_400_000,
    });
    const path = file('publish: { backoff: { firstDelayMs: 200, maxDelayMs: 1000 } }\n');
    expect((await loadServiceConfig({ DAX_REVIEW_CONFIG: path }, RULES)).config.publish.backoff).toEqual({
      firstDelayMs: 200,
      maxDelayMs: 1000,
      giveUpAfterMs: 86_400_000,
    });
    const bad = file('publish: { backoff: { firstDelayMs: 2000, maxDelayMs: 1000 } }\n');
    await expect(loadServiceConfig({ DAX_REVIEW_CONFIG: bad }, RULES)).rejects.toThrow(
      /publish\.backoff\.firstDelayMs: firstDelayMs must not exceed maxDelayMs/,
    );
  });

  it('keeps finished jobs and ledgers bounded by default, and refuses ledgers kept shorter than the mail', async () => {
    const { config } = await loadServiceConfig({}, RULES);
    expect(config.jobs).toEqual({ completed: { ageDays: 14, count: 100_000 }, failed: { ageDays: 30, count: 10_000 } });
    expect(config.redis.ledgerRetentionDays).toBe(400);
    const path = file('jobs: { failed: { count: 50 } }\nredis: { retentionDays: 30, ledgerRetentionDays: 60 }\n');
    const loaded = (await loadServiceConfig({ DAX_REVIEW_CONFIG: path }, RULES)).config;
    expect(loaded.jobs.failed).toEqual({ ageDays: 30, count: 50 });
    expect(loaded.redis.ledgerRetentionDays).toBe(60);
    const bad = file('redis: { retentionDays: 90, ledgerRetentionDays: 30 }\n');
    await expect(loadServiceConfig({ DAX_REVIEW_CONFIG: bad }, RULES)).rejects.toThrow(
      /redis\.ledgerRetentionDays: ledgerRetentionDays must not be shorter than retentionDays/,
    );
  });

  it('lets the environment win over the file', async () => {
    const path = file(
      'redis: { url: redis://file:1 }\nspool: { dir: /file/spool }\noutbox: { dir: /file/outbox }\nsmtp: { url: smtp://file, enabled: true }\n',
    );
    const { config, redisExplicit } = await loadServiceConfig(
      {
        DAX_REVIEW_CONFIG: path,
        REDIS_URL: 'redis://env:2',
        DAX_REVIEW_SPOOL_DIR: '/env/spool',
        DAX_REVIEW_OUTBOX_DIR: '/env/outbox',
        SMTP_URL: 'smtp://env',
      },
      RULES,
    );
    expect([config.redis.url, config.spool.dir, config.outbox.dir, config.smtp.url]).toEqual([
      'redis://env:2',
      '/env/spool',
      '/env/outbox',
      'smtp://env',
    ]);
    expect(redisExplicit).toBe(true);
  });

  it('counts a Redis URL from the file as the user’s choice', async () => {
    expect(
      (await loadServiceConfig({ DAX_REVIEW_CONFIG: file('redis: { url: redis://h:1 }\n') }, RULES)).redisExplicit,
    ).toBe(true);
  });

  it('lists every problem with its path', async () => {
    const path = file('spool: { pollMs: 1 }\nlists: [{ id: x, address: nope }]\nbogus: 1\n');
    const err = await loadServiceConfig({ DAX_REVIEW_CONFIG: path }, RULES).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const { message } = err as ConfigError;
    expect(message).toContain('spool.pollMs');
    expect(message).toContain('lists.0.address');
    expect(message).toContain('bogus');
  });

  it('takes GITHUB_API_URL, GITHUB_APP_ID and PORT over the file', async () => {
    const path = file(
      'github: { apiUrl: https://ghe.example/api/v3, appId: 1, port: 8080, repositories: { include: [qemu/*] } }\n',
    );
    const { config } = await loadServiceConfig(
      { DAX_REVIEW_CONFIG: path, GITHUB_API_URL: 'http://127.0.0.1:9/', GITHUB_APP_ID: '4242', PORT: '3999' },
      RULES,
    );
    expect([config.github.apiUrl, config.github.appId, config.github.port]).toEqual([
      'http://127.0.0.1:9/',
      4242,
      3999,
    ]);
    expect(config.github.repositories.include).toEqual(['qemu/*']);
  });

  it('takes identity.docsBase from the file, DAX_REVIEW_DOCS_BASE over it, and refuses one that is not a URL', async () => {
    const path = file('identity: { docsBase: https://docs.example.org/a }\n');
    expect((await loadServiceConfig({ DAX_REVIEW_CONFIG: path }, RULES)).config.identity.docsBase).toBe(
      'https://docs.example.org/a',
    );
    expect(
      (await loadServiceConfig({ DAX_REVIEW_CONFIG: path, DAX_REVIEW_DOCS_BASE: 'https://docs.example.org/b' }, RULES))
        .config.identity.docsBase,
    ).toBe('https://docs.example.org/b');
    await expect(loadServiceConfig({ DAX_REVIEW_DOCS_BASE: 'docs/here' }, RULES)).rejects.toThrow(/identity\.docsBase/);
  });

  it('names a non-numeric GITHUB_APP_ID or PORT', async () => {
    await expect(loadServiceConfig({ GITHUB_APP_ID: 'abc', PORT: '80x' }, RULES)).rejects.toThrow(
      /GITHUB_APP_ID: expected a whole number[\s\S]*PORT: expected a whole number/,
    );
  });

  it('refuses secrets written into the file', async () => {
    const path = file('github: { token: ghp_secret }\n');
    await expect(loadServiceConfig({ DAX_REVIEW_CONFIG: path }, RULES)).rejects.toThrow(
      /github: Unrecognized key.*token/,
    );
  });

  it('rejects unknown rules in the review settings', async () => {
    const path = file('review: { rules: { no-such-rule: off } }\n');
    await expect(loadServiceConfig({ DAX_REVIEW_CONFIG: path }, RULES)).rejects.toThrow(/no rule "no-such-rule"/);
  });

  it('names the file when it cannot be read', async () => {
    await expect(loadServiceConfig({ DAX_REVIEW_CONFIG: '/nonexistent/dax.yaml' }, RULES)).rejects.toThrow(
      /\/nonexistent\/dax\.yaml/,
    );
  });

  it('accepts the example in the README', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const yaml = /## Running the service[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml).toBeDefined();
    const { config } = await loadServiceConfig({ DAX_REVIEW_CONFIG: file(yaml!) }, [
      ...RULES,
      'map-sync-is-not-persistence',
    ]);
    expect(config.sources.publicInbox.nvdimm?.epochs).toEqual(['/srv/lore/nvdimm/0.git']);
    expect(config.smtp.allowLists).toEqual(['linux-mm.kvack.org']);
  });
});
