/**
 * Reads what the review needs of a pull request: the pull itself, its files with their patches
 * and its commits (both paginated, 100 a page: GitHub lists at most 3,000 files and 250
 * commits). Only the fields we read are checked (zod), so an API answer of another shape fails
 * here with the field named instead of somewhere in the rules.
 *
 * The snapshot's ref carries the head SHA GitHub reports now: when it differs from the job's,
 * the PR has moved on since the event and the caller decides what to do.
 */
import { z } from 'zod';
import type { GithubOctokit } from './client.js';
import type { PullRequestCommit, PullRequestFile, PullRequestRef, PullRequestSnapshot } from './pull-request.js';

const PullAnswer = z.object({
  title: z.string(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  user: z.object({ login: z.string() }).nullable(),
  head: z.object({ sha: z.string() }),
});

const FileAnswer = z.object({
  filename: z.string(),
  previous_filename: z.string().optional(),
  status: z.enum(['added', 'removed', 'modified', 'renamed', 'copied', 'changed', 'unchanged']),
  patch: z.string().optional(),
});

const CommitAnswer = z.object({
  sha: z.string(),
  commit: z.object({
    message: z.string(),
    author: z
      .object({ name: z.string().optional(), email: z.string().optional(), date: z.string().optional() })
      .nullable(),
  }),
});

const PER_PAGE = 100;

function toFile(f: z.infer<typeof FileAnswer>): PullRequestFile {
  return {
    filename: f.filename,
    previousFilename: f.previous_filename ?? null,
    status: f.status,
    patch: f.patch ?? null,
  };
}

function toCommit(c: z.infer<typeof CommitAnswer>): PullRequestCommit {
  const a = c.commit.author;
  return {
    sha: c.sha,
    message: c.commit.message,
    authorName: a?.name ?? '',
    authorEmail: a?.email ?? '',
    date: a?.date ?? null,
  };
}

export async function fetchPullRequest(octokit: GithubOctokit, ref: PullRequestRef): Promise<PullRequestSnapshot> {
  const params = { owner: ref.owner, repo: ref.repo, pull_number: ref.pull };
  const pull = PullAnswer.parse((await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', params)).data);
  const files = z
    .array(FileAnswer)
    .parse(
      await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...params, per_page: PER_PAGE }),
    );
  const commits = z.array(CommitAnswer).parse(
    await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', {
      ...params,
      per_page: PER_PAGE,
    }),
  );
  return {
    ref: { ...ref, headSha: pull.head.sha },
    title: pull.title,
    body: pull.body ?? '',
    author: pull.user?.login ?? 'ghost',
    htmlUrl: pull.html_url,
    files: files.map(toFile),
    commits: commits.map(toCommit),
  };
}
