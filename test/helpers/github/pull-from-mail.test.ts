/**
 * pullFromMail on real corpus mails: the files-API patches it cuts out of the mail's diff agree
 * with our diff model, and the fake GitHub accepts review comments on their lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Octokit } from 'octokit';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.js';
import { diffLines } from './diff-lines.js';
import { FakeGithub } from './fake-github.js';
import { pullFromMail } from './pull-from-mail.js';
import { sign } from './sign.js';

const CORPUS = new URL('../../fixtures/corpus/', import.meta.url).pathname;
const KB09 = `${CORPUS}kb-mails/09-mm-gup-frame-vector-convert-to-pin-user-pages.eml`;
const MESON = `${CORPUS}relevant/008-ndctl-6-6-build-add-meson-build-infrastructure.eml`;
const where = { owner: 'torvalds', repo: 'linux', number: 1 };

describe('pullFromMail', () => {
  it('turns kb-mails/09 into a one-commit pull with GitHub patches', async () => {
    const pull = await pullFromMail(KB09, where);
    expect(pull.title).toBe('mm/gup: frame_vector: convert get_user_pages() --> pin_user_pages()');
    expect(pull.body).toMatch(/^This code was using get_user_pages\*\(\)/);
    expect(pull.body).toMatch(/Signed-off-by: John Hubbard <jhubbard@nvidia.com>$/);
    expect(pull.headSha).toMatch(/^[0-9a-f]{40}$/);
    expect(pull.commits).toEqual([
      {
        sha: pull.headSha,
        message: `${pull.title}\n\n${pull.body}`,
        author: { name: 'John Hubbard', email: 'jhubbard@nvidia.com', date: '2020-05-27T22:32:43.000Z' },
      },
    ]);
    expect((await pullFromMail(KB09, where)).headSha).toBe(pull.headSha);
    expect((await pullFromMail(KB09, { ...where, headSha: 'c'.repeat(40) })).commits[0]?.sha).toBe('c'.repeat(40));

    expect(pull.files.map((f) => [f.filename, f.status])).toEqual([['mm/frame_vector.c', 'modified']]);
    const patch = pull.files[0]?.patch ?? '';
    expect(patch.startsWith('@@ -72,7 +72,7 @@ int get_vaddr_frames(')).toBe(true);
    expect(patch.endsWith('\n')).toBe(false);
    expect(patch.split('\n').filter((l) => l.startsWith('@@'))).toHaveLength(3);
    expect(patch).toContain('\n+\t\tret = pin_user_pages_locked(start, nr_frames,\n');
    const lines = diffLines(patch);
    expect([lines.additions, lines.deletions]).toEqual([3, 4]);
    expect(lines.right.has(75)).toBe(true);
    expect(lines.left.has(75)).toBe(true);
    expect(Math.max(...lines.right)).toBeLessThan(150);
  });

  it('marks new files of a relevant/ mail as added, each patch starting at @@', async () => {
    const pull = await pullFromMail(MESON, { ...where, number: 2 });
    const mail = await parseMessage(readFileSync(MESON), 'meson.eml');
    expect(pull.title).toBe(mail.subject.title);
    expect(pull.files.map((f) => f.filename)).toEqual(mail.diff.map((f) => f.path));
    expect(pull.files.some((f) => f.status === 'added')).toBe(true);
    for (const [i, file] of pull.files.entries()) {
      const model = mail.diff[i]!;
      if (model.hunks.length === 0) continue;
      expect(file.patch?.startsWith('@@ ')).toBe(true);
      expect(diffLines(file.patch)).toMatchObject({ additions: model.additions, deletions: model.deletions });
      if (file.status === 'added') expect(file.patch?.startsWith('@@ -0,0 +1')).toBe(true);
    }
  });

  it('agrees with the diff model on every relevant/ patch', async () => {
    const dir = `${CORPUS}relevant/`;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
      const mail = await parseMessage(readFileSync(dir + name), name);
      if (mail.diffText === null || mail.diff.length === 0) continue;
      const pull = await pullFromMail(dir + name, where);
      const counts = pull.files.map((f) => {
        const d = diffLines(f.patch);
        return [d.additions, d.deletions];
      });
      expect(counts, name).toEqual(mail.diff.map((f) => [f.additions, f.deletions]));
    }
  });

  it('seeds the fake GitHub so a review lands on a line of the mail diff', async () => {
    const gh = await FakeGithub.start({ token: 't' });
    try {
      gh.addPull(await pullFromMail(KB09, where));
      const octokit = new Octokit({
        baseUrl: gh.url,
        auth: 't',
        request: { retries: 0 },
        throttle: { enabled: false },
      });
      await octokit.rest.pulls.createReview({
        owner: 'torvalds',
        repo: 'linux',
        pull_number: 1,
        event: 'COMMENT',
        comments: [{ path: 'mm/frame_vector.c', line: 75, body: 'FOLL_LONGTERM?' }],
      });
      expect(gh.reviewComments('torvalds', 'linux', 1).map((c) => [c.path, c.line, c.side])).toEqual([
        ['mm/frame_vector.c', 75, 'RIGHT'],
      ]);
    } finally {
      await gh.close();
    }
  });
});

describe('sign', () => {
  it("computes GitHub's x-hub-signature-256", () => {
    // The example of GitHub's "Validating webhook deliveries" page.
    expect(sign("It's a Secret to Everybody", 'Hello, World!')).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });
});
