import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Fixed identities and dates so that oids depend only on the messages. */
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'public-inbox',
  GIT_AUTHOR_EMAIL: 'archive@example.invalid',
  GIT_COMMITTER_NAME: 'public-inbox',
  GIT_COMMITTER_EMAIL: 'archive@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export const git = (repo: string, ...args: string[]): string =>
  execFileSync('git', ['-C', repo, ...args], { env: GIT_ENV, encoding: 'utf8' }).trim();

/** An empty epoch repository, as `public-inbox-init -V2` makes one (a plain repo here). */
export function initEpoch(dir: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '--quiet', '--initial-branch=master');
  return dir;
}

/**
 * Archives one message the way public-inbox v2 does: the tree holds only the blob `m` (the raw
 * message), one commit per message. Returns the new commit's oid.
 */
export function appendMessage(dir: string, raw: Buffer, when: Date): string {
  rmSync(join(dir, 'd'), { force: true });
  writeFileSync(join(dir, 'm'), raw);
  git(dir, 'add', '--all', '.');
  const date = `${Math.floor(when.getTime() / 1000)} +0000`;
  execFileSync('git', ['-C', dir, 'commit', '--quiet', '--allow-empty-message', '-m', 'message'], {
    env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return git(dir, 'rev-parse', 'HEAD');
}

/** A purge as public-inbox-purge records it: `m` removed, `d` added. */
export function appendDeletion(dir: string, when: Date): string {
  rmSync(join(dir, 'm'), { force: true });
  writeFileSync(join(dir, 'd'), 'purged\n');
  git(dir, 'add', '--all', '.');
  const date = `${Math.floor(when.getTime() / 1000)} +0000`;
  execFileSync('git', ['-C', dir, 'commit', '--quiet', '-m', 'purge'], {
    env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return git(dir, 'rev-parse', 'HEAD');
}
