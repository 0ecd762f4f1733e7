/**
 * The data the fake GitHub keeps and the seeds tests give it. Shapes follow GitHub's REST
 * answers where a test reads them back (check runs, review comments).
 */

/** One request as the server saw it, recorded after it was answered (faulted ones too). */
export interface RecordedRequest {
  method: string;
  /** Path without the configured pathPrefix and without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, null when empty. */
  body: unknown;
  status: number;
  /** 'app-jwt' | 'installation:<id>' | 'token' | null (missing or not accepted). */
  auth: string | null;
}

export type Fault =
  /** The resource is not there (a deleted PR, a repository the token cannot see). */
  | { status: 404 }
  | { status: 500 }
  | { status: 502 }
  | { kind: 'secondary-rate-limit'; retryAfterS: number }
  | { kind: 'primary-rate-limit'; resetInS: number }
  | { status: 429; retryAfterS: number }
  /** A permission the App lacks: 403 'Resource not accessible by integration', no rate-limit headers. */
  | { kind: 'forbidden' };

export type PullFileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface PullFileSeed {
  filename: string;
  status: PullFileStatus;
  previous_filename?: string;
  /** GitHub's files-API form: from the first '@@' line, no trailing newline. */
  patch?: string;
}

export interface CommitSeed {
  sha: string;
  message: string;
  author: { name: string; email: string; date: string };
}

export interface PullSeed {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha?: string;
  title: string;
  body: string;
  user?: { login: string; type?: 'User' | 'Bot' };
  draft?: boolean;
  files: PullFileSeed[];
  commits: CommitSeed[];
}

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number | undefined;
  end_column?: number | undefined;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string | undefined;
  raw_details?: string | undefined;
}

export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  external_id: string | null;
  details_url: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation of every request, in arrival order (GitHub appends). */
  annotations: Annotation[];
  app_id: number;
  actions: CheckRunAction[];
}

export interface FakeUser {
  login: string;
  type: string;
}

export interface FakeReviewComment {
  id: number;
  node_id: string;
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  start_line: number | null;
  start_side: 'LEFT' | 'RIGHT' | null;
  body: string;
  commit_id: string;
  user: FakeUser;
  pull_request_review_id: number;
}

export interface FakeReview {
  id: number;
  node_id: string;
  body: string;
  event: 'COMMENT' | 'APPROVE' | 'REQUEST_CHANGES';
  commit_id: string;
  user: FakeUser;
}

export interface FakeReviewThread {
  id: string;
  isResolved: boolean;
  commentIds: number[];
}

export interface FakeIssueComment {
  id: number;
  body: string;
  user: FakeUser;
}

export interface FakeReaction {
  commentId: number;
  content: string;
}

/** The bot's identity on everything it writes through the fake. */
export const BOT_USER: FakeUser = { login: 'dax-review[bot]', type: 'Bot' };
