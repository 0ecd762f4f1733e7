/** The snapshot fetchPullRequest would return for a seeded pull request (no network). */
import type { PullRequestSnapshot } from '../../../src/github/pull-request.js';
import type { PullSeed } from './types.js';

export function snapshotOf(seed: PullSeed): PullRequestSnapshot {
  return {
    ref: { installationId: null, owner: seed.owner, repo: seed.repo, pull: seed.number, headSha: seed.headSha },
    title: seed.title,
    body: seed.body,
    author: seed.user?.login ?? 'someone',
    htmlUrl: `https://github.com/${seed.owner}/${seed.repo}/pull/${String(seed.number)}`,
    files: seed.files.map((f) => ({
      filename: f.filename,
      previousFilename: f.previous_filename ?? null,
      status: f.status,
      patch: f.patch ?? null,
    })),
    commits: seed.commits.map((c) => ({
      sha: c.sha,
      message: c.message,
      authorName: c.author.name,
      authorEmail: c.author.email,
      date: c.author.date,
    })),
  };
}
