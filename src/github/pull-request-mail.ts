/**
 * A pull request → the patch mail `git format-patch` would have made of it, parsed by the same
 * parseMessage as list mail. The rules then see a PR exactly as they see mail (one code path,
 * so the same change gives the same findings on both), and line numbers stay GitHub's: the
 * hunks are GitHub's own `patch` text.
 *
 *     From: <head commit author>
 *     Subject: [PATCH] <PR title>
 *     Date: <head commit author date>
 *     Message-ID: <derived from owner/repo/pull/headSha>
 *
 *     <every commit message, oldest first>
 *     ---
 *     diff --git a/… b/…       (+ new/deleted file mode, rename/copy from/to, ---/+++)
 *     @@ …                     (GitHub's patch for the file)
 *
 * The head commit gives From and Date: its message is the last, whose last paragraph holds the
 * trailers git (and our trailer parser) reads, and its date decides the kernel era.
 */
import { createHash } from 'node:crypto';
import { parseMessage } from '../mail/parse-message.js';
import type { PatchMail } from '../model/patch-mail.js';
import type { PullRequestCommit, PullRequestFile, PullRequestRef, PullRequestSnapshot } from './pull-request.js';

/** The Message-ID (without brackets) of the mail made of this PR at this head commit. */
export function pullRequestMessageId(ref: Pick<PullRequestRef, 'owner' | 'repo' | 'pull' | 'headSha'>): string {
  const key = `${ref.owner.toLowerCase()}/${ref.repo.toLowerCase()}/${String(ref.pull)}/${ref.headSha}`;
  return `gh-${String(ref.pull)}-${ref.headSha.slice(0, 12)}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}@dax-review.github`;
}

/** `source` of the mail (and of its findings): which PR at which commit. */
export function pullRequestSource(ref: Pick<PullRequestRef, 'owner' | 'repo' | 'pull' | 'headSha'>): string {
  return `github:${ref.owner}/${ref.repo}#${String(ref.pull)}@${ref.headSha.slice(0, 12)}`;
}

/** One header line's value: no line breaks (header injection), RFC 2047 words when not ASCII. */
function headerText(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').trim();
  if (/^[\x20-\x7e]*$/.test(flat)) return flat;
  // Encoded words of at most 45 bytes of text each (75-character word limit, RFC 2047 §2).
  const words: string[] = [];
  let chunk = '';
  for (const ch of flat) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\n ');
}

function fromHeader(commit: PullRequestCommit | undefined, fallbackLogin: string): string {
  const email = (commit?.authorEmail ?? '').replace(/[\s<>"]/g, '');
  const name = (commit?.authorName ?? fallbackLogin)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/["\\]/g, '')
    .trim();
  const address = email === '' ? `${fallbackLogin.replace(/[^\w.-]/g, '')}@users.noreply.github.com` : email;
  return `${/^[\x20-\x7e]*$/.test(name) ? `"${name}"` : headerText(name)} <${address}>`;
}

/** Lines of a commit message that the mail splitter would take for structure get a space in front. */
function guardProse(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => (/^(---|-- ?|diff --git .*|Index: .*|--- .*)$/.test(l) ? ` ${l}` : l))
    .join('\n');
}

/** A commit message without its subject line when that is the PR title (format-patch puts it in Subject). */
function commitBody(message: string, title: string): string {
  const lines = message.replace(/\r\n/g, '\n').split('\n');
  if ((lines[0] ?? '').trim() !== title.trim()) return message.trim();
  return lines.slice(1).join('\n').trim();
}

/** Git's C-style quoting, only for names that need it (quote, backslash, control characters). */
function gitPath(prefix: string, path: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what needs quoting
  if (!/["\\\x00-\x1f\x7f]/.test(path)) return `${prefix}${path}`;
  const escaped = path
    .replace(/["\\]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    // eslint-disable-next-line no-control-regex -- as above
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return `"${prefix}${escaped}"`;
}

/** ---/+++ path: git ends a name holding a space with a tab, so the path is read whole. */
const headerPath = (prefix: string, path: string): string =>
  `${gitPath(prefix, path)}${path.includes(' ') ? '\t' : ''}`;

/** One file's section of the rebuilt diff. */
export function fileSection(file: PullRequestFile): string {
  const oldPath = file.previousFilename ?? file.filename;
  const newPath = file.filename;
  const lines = [`diff --git ${gitPath('a/', oldPath)} ${gitPath('b/', newPath)}`];
  if (file.status === 'added') lines.push('new file mode 100644');
  if (file.status === 'removed') lines.push('deleted file mode 100644');
  if (file.previousFilename !== null && file.previousFilename !== file.filename) {
    const verb = file.status === 'copied' ? 'copy' : 'rename';
    lines.push(`${verb} from ${oldPath}`, `${verb} to ${newPath}`);
  }
  if (file.patch === null || file.patch === '') {
    // GitHub shows no patch for binary files and for very large diffs.
    if (file.status !== 'renamed' && file.status !== 'copied') {
      lines.push(
        `Binary files ${file.status === 'added' ? '/dev/null' : gitPath('a/', oldPath)} and ${file.status === 'removed' ? '/dev/null' : gitPath('b/', newPath)} differ`,
      );
    }
    return lines.join('\n');
  }
  lines.push(`--- ${file.status === 'added' ? '/dev/null' : headerPath('a/', oldPath)}`);
  lines.push(`+++ ${file.status === 'removed' ? '/dev/null' : headerPath('b/', newPath)}`);
  lines.push(file.patch.replace(/\r?\n$/, ''));
  return lines.join('\n');
}

/** The RFC 822 text of the mail made of the snapshot (UTF-8, 8bit, LF line ends). */
export function pullRequestMailText(snapshot: PullRequestSnapshot): string {
  const head = snapshot.commits.at(-1);
  const bodies = snapshot.commits.map((c) => commitBody(c.message, snapshot.title)).filter((b) => b !== '');
  const prose = guardProse(bodies.length > 0 ? bodies.join('\n\n') : snapshot.body.trim());
  const date = head?.date == null ? null : new Date(head.date);
  const headers = [
    `From: ${fromHeader(head, snapshot.author)}`,
    `Subject: ${headerText(`[PATCH] ${snapshot.title}`)}`,
    ...(date === null || Number.isNaN(date.getTime()) ? [] : [`Date: ${date.toUTCString().replace('GMT', '+0000')}`]),
    `Message-ID: <${pullRequestMessageId(snapshot.ref)}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const diff = snapshot.files.map(fileSection).join('\n');
  return `${headers.join('\n')}\n\n${prose}\n---\n\n${diff}\n`;
}

/** The parsed patch mail of the snapshot: what the rules read. */
export async function pullRequestMail(snapshot: PullRequestSnapshot): Promise<PatchMail> {
  return parseMessage(Buffer.from(pullRequestMailText(snapshot), 'utf8'), pullRequestSource(snapshot.ref));
}
