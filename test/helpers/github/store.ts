/**
 * Everything the fake GitHub remembers, keyed by repository ('owner/repo') or pull request
 * ('owner/repo#n'). Handlers validate; the store only keeps and numbers things.
 */
import { createHash } from 'node:crypto';
import type {
  FakeCheckRun,
  FakeIssueComment,
  FakeReaction,
  FakeReview,
  FakeReviewComment,
  FakeReviewThread,
  FakeUser,
  Permission,
  PullSeed,
} from './types.js';

export function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

export function pullKey(owner: string, repo: string, pull: number): string {
  return `${repoKey(owner, repo)}#${pull}`;
}

/** A deterministic 40-hex id for anything (blob shas, default base shas). */
export function fakeSha(...parts: readonly string[]): string {
  return createHash('sha1').update(parts.join('\0')).digest('hex');
}

export interface StoredPull {
  readonly seed: PullSeed;
  readonly baseSha: string;
  /** Every head this pull has had (seeded again = pushed), current last. */
  readonly heads: readonly string[];
}

function listIn<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}

export class Store {
  private nextId = 1000;
  private readonly pulls = new Map<string, StoredPull>();
  private readonly permissions = new Map<string, Permission>();
  private readonly checkRunList = new Map<string, FakeCheckRun[]>();
  private readonly reviewList = new Map<string, FakeReview[]>();
  private readonly commentList = new Map<string, FakeReviewComment[]>();
  private readonly threadList = new Map<string, FakeReviewThread[]>();
  private readonly reactionList = new Map<string, FakeReaction[]>();
  private readonly issueCommentList = new Map<string, FakeIssueComment[]>();

  /** A fresh id, unique across every kind of object of this fake. */
  id(): number {
    return this.nextId++;
  }

  addPull(seed: PullSeed): void {
    const key = pullKey(seed.owner, seed.repo, seed.number);
    const before = this.pulls.get(key);
    const heads =
      before === undefined ? [seed.headSha] : [...before.heads.filter((h) => h !== seed.headSha), seed.headSha];
    const baseSha = seed.baseSha ?? before?.baseSha ?? fakeSha('base', key);
    this.pulls.set(key, { seed: structuredClone(seed), baseSha, heads });
  }

  pull(owner: string, repo: string, pull: number): StoredPull | undefined {
    return this.pulls.get(pullKey(owner, repo, pull));
  }

  /** The pulls of a repository that have had this commit (as a head or among their commits). */
  pullsWithCommit(owner: string, repo: string, sha: string): StoredPull[] {
    const prefix = `${repoKey(owner, repo)}#`;
    return [...this.pulls.entries()]
      .filter(
        ([key, p]) => key.startsWith(prefix) && (p.heads.includes(sha) || p.seed.commits.some((c) => c.sha === sha)),
      )
      .map(([, p]) => p);
  }

  setPermission(owner: string, repo: string, login: string, permission: Permission): void {
    this.permissions.set(`${repoKey(owner, repo)}:${login.toLowerCase()}`, permission);
  }

  permission(owner: string, repo: string, login: string): Permission | undefined {
    return this.permissions.get(`${repoKey(owner, repo)}:${login.toLowerCase()}`);
  }

  checkRuns(owner: string, repo: string): FakeCheckRun[] {
    return listIn(this.checkRunList, repoKey(owner, repo));
  }

  reviews(owner: string, repo: string, pull: number): FakeReview[] {
    return listIn(this.reviewList, pullKey(owner, repo, pull));
  }

  reviewComments(owner: string, repo: string, pull: number): FakeReviewComment[] {
    return listIn(this.commentList, pullKey(owner, repo, pull));
  }

  reviewThreads(owner: string, repo: string, pull: number): FakeReviewThread[] {
    return listIn(this.threadList, pullKey(owner, repo, pull));
  }

  /** A one-comment review and its thread by `user` on the pull's head (the pull must exist). */
  addReviewComment(
    owner: string,
    repo: string,
    pull: number,
    c: { path: string; line: number; body: string; user: FakeUser },
  ): FakeReviewComment {
    const stored = this.pull(owner, repo, pull);
    if (stored === undefined) throw new Error(`no pull ${pullKey(owner, repo, pull)} seeded`);
    const review: FakeReview = {
      id: this.id(),
      node_id: '',
      body: '',
      event: 'COMMENT',
      commit_id: stored.seed.headSha,
      user: { ...c.user },
    };
    review.node_id = `PRR_${review.id}`;
    this.reviews(owner, repo, pull).push(review);
    const id = this.id();
    const comment: FakeReviewComment = {
      id,
      node_id: `PRRC_${id}`,
      path: c.path,
      line: c.line,
      side: 'RIGHT',
      start_line: null,
      start_side: null,
      body: c.body,
      commit_id: stored.seed.headSha,
      user: { ...c.user },
      pull_request_review_id: review.id,
    };
    this.reviewComments(owner, repo, pull).push(comment);
    this.reviewThreads(owner, repo, pull).push({ id: `PRRT_${id}`, isResolved: false, commentIds: [id] });
    return comment;
  }

  /** The thread with this GraphQL id, wherever it is. */
  findThread(id: string): FakeReviewThread | undefined {
    for (const threads of this.threadList.values()) {
      const thread = threads.find((t) => t.id === id);
      if (thread !== undefined) return thread;
    }
    return undefined;
  }

  reactions(owner: string, repo: string): FakeReaction[] {
    return listIn(this.reactionList, repoKey(owner, repo));
  }

  issueComments(owner: string, repo: string, issue: number): FakeIssueComment[] {
    return listIn(this.issueCommentList, pullKey(owner, repo, issue));
  }

  /** The issue comment with this id in the repository, wherever its issue is. */
  findIssueComment(owner: string, repo: string, id: number): FakeIssueComment | undefined {
    const prefix = `${repoKey(owner, repo)}#`;
    for (const [key, comments] of this.issueCommentList) {
      if (!key.startsWith(prefix)) continue;
      const comment = comments.find((c) => c.id === id);
      if (comment !== undefined) return comment;
    }
    return undefined;
  }
}
