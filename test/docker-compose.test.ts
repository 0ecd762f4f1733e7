import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { rules } from '../rules/index.js';
import { loadServiceConfig } from '../src/config/service-config.js';

// No container engine runs on these machines: the compose file and the Dockerfile are checked
// as data, against the service's config loader and the environment contract (issue 4).
const root = new URL('../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

/** The environment variables operators and scripts rely on, whatever the config file says. */
const CONTRACT = [
  'DAX_REVIEW_CONFIG',
  'DAX_REVIEW_OUTBOX_DIR',
  'DAX_REVIEW_SPOOL_DIR',
  'GITHUB_API_URL',
  'GITHUB_APP_ID',
  'GITHUB_PRIVATE_KEY',
  'GITHUB_PRIVATE_KEY_PATH',
  'GITHUB_TOKEN',
  'GITHUB_WEBHOOK_SECRET',
  'PORT',
  'REDIS_URL',
  'SMTP_URL',
];

const Service = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  volumes: z.array(z.string()).default([]),
  ports: z.array(z.string()).default([]),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
});
const Compose = z.object({
  services: z.object({ redis: Service, bot: Service }).catchall(Service),
  volumes: z.record(z.string(), z.null()).default({}),
});
const compose = Compose.parse(parse(read('docker-compose.yml')));
const { redis, bot } = compose.services;

/** `${NAME:-default}` as compose interpolates it with NAME unset. */
const interpolate = (v: string) => v.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
/** `volume:/target[:ro]` → { source, target }. */
const mounts = (vs: readonly string[]) =>
  vs.map((v) => {
    const [source = '', target = ''] = v.split(':');
    return { source, target };
  });

/** The argument after a flag in redis-server's command line. */
const flag = (name: string) => {
  const c = redis.command ?? [];
  const i = c.indexOf(name);
  return i === -1 ? undefined : c[i + 1];
};

describe('docker-compose.yml', () => {
  it('runs Redis with AOF on a volume and noeviction', () => {
    expect(redis.image).toMatch(/^redis:/);
    expect(redis.command?.[0]).toBe('redis-server');
    expect(flag('--appendonly')).toBe('yes');
    expect(flag('--maxmemory-policy')).toBe('noeviction');
    expect(mounts(redis.volumes).find((m) => m.target === '/data')?.source).toBeTruthy();
  });

  it('builds the bot from the Dockerfile and starts it after Redis is healthy', () => {
    expect(bot.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(existsSync(new URL('Dockerfile', root))).toBe(true);
    expect(bot.depends_on?.redis?.condition).toBe('service_healthy');
  });

  it('gives the bot exactly the contract environment variables, pointing at its volumes and Redis', () => {
    const env = bot.environment ?? {};
    expect(Object.keys(env).sort()).toEqual(CONTRACT);
    expect(new URL(env.REDIS_URL ?? '').hostname).toBe('redis');
    const targets = new Map(mounts(bot.volumes).map((m) => [m.target, m.source]));
    for (const dir of [env.DAX_REVIEW_SPOOL_DIR, env.DAX_REVIEW_OUTBOX_DIR]) {
      expect(targets.has(dir ?? ''), `${dir ?? ''} is a mounted volume`).toBe(true);
    }
    // Every named volume a service mounts is declared.
    const named = [...mounts(bot.volumes), ...mounts(redis.volumes)]
      .map((m) => m.source)
      .filter((s) => !s.startsWith('.') && !s.startsWith('/'));
    for (const n of named) expect(Object.keys(compose.volumes)).toContain(n);
  });

  it('yields a valid service config: spool and outbox on the volumes, Redis the service, sending off', async () => {
    const env = Object.fromEntries(Object.entries(bot.environment ?? {}).map(([k, v]) => [k, interpolate(v)]));
    const { config, redisExplicit } = await loadServiceConfig(
      env,
      rules.map((r) => r.id),
    );
    expect(config.spool.dir).toBe('/var/lib/dax-review/spool');
    expect(config.outbox.dir).toBe('/var/lib/dax-review/outbox');
    expect(config.redis.url).toBe('redis://redis:6379');
    // The bot must use the compose Redis, never start a private one inside the container.
    expect(redisExplicit).toBe(true);
    expect(config.smtp.enabled).toBe(false);
    // The webhook port is the published one; GitHub stays off with the variables unset.
    expect(bot.ports.map((p) => p.split(':').at(-1))).toContain(String(config.github.port));
    expect(config.github.appId).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages = lines
    .join('\n')
    .split(/^FROM /m)
    .filter((s) => s !== '')
    .map((s) => s.split('\n'));

  it('installs from the lockfile with npm ci in every stage, never npm install', () => {
    expect(stages.length).toBeGreaterThanOrEqual(1);
    for (const stage of stages) {
      const copy = stage.findIndex((l) => /^COPY\s+(--\S+\s+)*package\.json\s+package-lock\.json\s/.test(l));
      const ci = stage.findIndex((l) => /^RUN\s+npm ci\b/.test(l));
      expect(copy, `stage ${stage[0] ?? ''} copies package.json and package-lock.json`).toBeGreaterThanOrEqual(0);
      expect(ci, `stage ${stage[0] ?? ''} runs npm ci after copying the lockfile`).toBeGreaterThan(copy);
    }
    expect(lines.some((l) => /npm (install|i)\b/.test(l))).toBe(false);
  });

  it('runs the service itself as PID 1 (no npm or shell that would keep SIGTERM from it), as npm start does', () => {
    expect(lines.at(-1)).toBe('CMD ["node", "bin/dax-review.js", "serve"]');
    const pkg = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(read('package.json')));
    expect(pkg.scripts.start).toBe('exec node bin/dax-review.js serve');
  });
});
