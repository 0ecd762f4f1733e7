/**
 * A real patch mail → the pull request GitHub would show for that one commit: title from the
 * subject, body = commit message, one commit, and per file the files-API `patch` (from the first
 * '@@' line to the end of the file's hunks, no trailing newline), cut from the mail's own diff
 * text so '\ No newline at end of file' markers survive.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseMessage } from '../../../src/mail/parse-message.js';
import type { DiffFile, DiffFileStatus, DiffHunk } from '../../../src/model/diff.js';
import type { PullFileSeed, PullSeed } from './types.js';

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

const STATUS: Record<DiffFileStatus, PullFileSeed['status']> = {
  added: 'added',
  deleted: 'removed',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  'mode-change': 'changed',
};

/**
 * Every hunk of a unified diff in order, as text: its '@@' line and the lines its counts cover
 * (plus '\' markers). A context line whose single space a mailer stripped gets it back.
 */
export function rawHunks(diffText: string): string[] {
  const lines = diffText.replace(/\r\n/g, '\n').split('\n');
  const hunks: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = lines[i] ?? '';
    const m = HUNK.exec(header);
    i++;
    if (m === null) continue;
    let oldLeft = m[1] === undefined ? 1 : Number(m[1]);
    let newLeft = m[2] === undefined ? 1 : Number(m[2]);
    const out = [header];
    for (; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.startsWith('\\')) {
        out.push(line);
        continue;
      }
      if (oldLeft <= 0 && newLeft <= 0) break;
      const marker = line.charAt(0);
      if (marker === '+') newLeft--;
      else if (marker === '-') oldLeft--;
      else if (marker === ' ' || line === '') {
        oldLeft--;
        newLeft--;
      } else break;
      out.push(line === '' ? ' ' : line);
    }
    hunks.push(out.join('\n'));
  }
  return hunks;
}

/** A hunk rebuilt from our diff model (used only when the raw text does not line up). */
function hunkFromModel(hunk: DiffHunk): string {
  const marker = { add: '+', del: '-', context: ' ' } as const;
  return [hunk.header, ...hunk.lines.map((l) => `${marker[l.kind]}${l.text}`)].join('\n');
}

/** The files-API entries for the mail's diff, each file's patch taken from `raw` in order. */
function filesOf(diff: readonly DiffFile[], raw: readonly string[]): PullFileSeed[] {
  let next = 0;
  return diff.map((file) => {
    const patch = file.hunks.map((hunk) => {
      const text = raw[next++];
      return text?.split('\n', 1)[0]?.trimEnd() === hunk.header.trimEnd() ? text : hunkFromModel(hunk);
    });
    const seed: PullFileSeed = { filename: file.path, status: STATUS[file.status] };
    if ((file.status === 'renamed' || file.status === 'copied') && file.oldPath !== null)
      seed.previous_filename = file.oldPath;
    if (!file.binary && patch.length > 0) seed.patch = patch.join('\n');
    return seed;
  });
}

/** A GitHub-ish login from a mail address: its local part, only [A-Za-z0-9-]. */
function loginOf(address: string): string {
  const local = address.split('@')[0] ?? '';
  return local.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'contributor';
}

export async function pullFromMail(
  emlPath: string,
  opts: { owner: string; repo: string; number: number; headSha?: string },
): Promise<PullSeed> {
  const mail = await parseMessage(await readFile(emlPath), basename(emlPath));
  if (mail.diffText === null || mail.diff.length === 0) throw new Error(`${emlPath}: the mail carries no diff`);
  const title = mail.subject.title;
  const body = mail.commitMessage;
  const message = body === '' ? title : `${title}\n\n${body}`;
  const sha = opts.headSha ?? createHash('sha1').update(`${message}\0${mail.diffText}`).digest('hex');
  const author = {
    name: mail.from?.name ?? '',
    email: mail.from?.address ?? '',
    date: mail.date ?? '1970-01-01T00:00:00Z',
  };
  return {
    owner: opts.owner,
    repo: opts.repo,
    number: opts.number,
    headSha: sha,
    title,
    body,
    user: { login: loginOf(author.email), type: 'User' },
    draft: false,
    files: filesOf(mail.diff, rawHunks(mail.diffText)),
    commits: [{ sha, message, author }],
  };
}
