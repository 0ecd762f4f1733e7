import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers/run-cli.js';

const FRAME_VECTOR = fileURLToPath(
  new URL('./fixtures/corpus/kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml', import.meta.url),
);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

// A module loader hook that appends the URL of every module loaded to the file in $DAX_MODULE_LOG.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(process.env.DAX_MODULE_LOG, url + '\\n'); return next(url, context); }`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** Runs the built CLI as a user would and returns the files of the modules it loaded. */
function modulesLoadedBy(args: readonly string[]): { code: number | null; modules: string[] } {
  const log = join(mkdtempSync(join(tmpdir(), 'dax-modules-')), 'modules.txt');
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, BIN, ...args],
    {
      env: { ...process.env, DAX_MODULE_LOG: log },
      encoding: 'utf8',
    },
  );
  const modules = readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => fileURLToPath(u));
  return { code: r.status, modules };
}

/** The service's dependencies: our own top-level copies (mailparser has a private nodemailer of its own for address parsing). */
const SERVICE_ONLY = ['bullmq', 'ioredis', 'octokit', '@octokit', 'imapflow', 'nodemailer', 'pino'].map(
  (p) => join(ROOT, 'node_modules', p) + '/',
);

describe('start-up: each command loads only what it uses', () => {
  it('check of one patch loads the parser and the rules, never BullMQ, ioredis, octokit, IMAP or SMTP', () => {
    const { code, modules } = modulesLoadedBy(['check', FRAME_VECTOR]);
    expect(code).toBe(1);
    // The hook sees the modules check needs (so an empty list cannot pass).
    expect(modules.some((m) => m.startsWith(join(ROOT, 'node_modules', 'mailparser') + '/'))).toBe(true);
    expect(modules.some((m) => m.endsWith(join('rules', 'index.js')))).toBe(true);
    expect(modules.filter((m) => SERVICE_ONLY.some((p) => m.startsWith(p)))).toEqual([]);
    expect(modules.filter((m) => /\/dist\/(workers|src\/(queue|service|github|sources|sinks))\//.test(m))).toEqual([]);
  });

  it('--version loads neither the rules nor the mail parser', () => {
    const { code, modules } = modulesLoadedBy(['--version']);
    expect(code).toBe(0);
    expect(modules.some((m) => m.endsWith(join('src', 'cli', 'main.js')))).toBe(true);
    expect(modules.filter((m) => m.includes('/node_modules/') && !m.includes('/node_modules/commander/'))).toEqual([]);
    expect(modules.filter((m) => m.includes('/dist/rules/'))).toEqual([]);
  });
});
