import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/helpers/capture-logger.js';
import { loadServiceConfig } from '../config/service-config.js';
import { buildSinks } from './build-sinks.js';

const dir = mkdtempSync(join(tmpdir(), 'dax-sinks-'));
// Never connected: building the sinks sends nothing to Redis or to the SMTP server.
const redis = new Redis({ lazyConnect: true });
afterAll(() => {
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** The sinks of a service configured by this YAML (SMTP at a URL nothing listens on), and its warnings. */
async function build(yaml: string) {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, yaml);
  const { config } = await loadServiceConfig({ DAX_REVIEW_CONFIG: path, SMTP_URL: 'smtp://127.0.0.1:9' }, []);
  const { logger, lines } = captureLogger();
  const sinks = buildSinks(config, redis, 'tsinks', logger);
  await Promise.all(
    sinks.map(async (s) => {
      await s.close?.();
    }),
  );
  return { ids: sinks.map((s) => s.id), warnings: lines.filter((l) => l.level === 40) };
}

describe('buildSinks', () => {
  it('warns once when SMTP sends From a placeholder sender (the embedded default or the README example)', async () => {
    const embedded = await build('smtp: { enabled: true }\n');
    expect(embedded.ids).toEqual(['outbox', 'smtp']);
    expect(embedded.warnings).toHaveLength(1);
    expect(embedded.warnings[0]).toMatchObject({
      from: 'dax-review@dax-review.invalid',
      domain: 'dax-review.invalid',
      placeholders: ['identity.from.address', 'identity.domain'],
    });
    expect(embedded.warnings[0]?.msg).toMatch(/SMTP sending is on but the sender is a placeholder/);

    const example = await build(
      'smtp: { enabled: true }\nidentity: { from: { address: dax-review@example.org }, domain: kernel.dk }\n',
    );
    expect(example.warnings.map((w) => w.placeholders)).toEqual([['identity.from.address']]);
  });

  it('says nothing with a real sender, or when nothing is sent (dry run)', async () => {
    const real = await build(
      'smtp: { enabled: true }\nidentity: { from: { address: dax-review@kernel.dk }, domain: kernel.dk }\n',
    );
    expect(real.ids).toEqual(['outbox', 'smtp']);
    expect(real.warnings).toEqual([]);
    const dry = await build('smtp: { enabled: false }\n');
    expect(dry.ids).toEqual(['outbox']);
    expect(dry.warnings).toEqual([]);
  });
});
