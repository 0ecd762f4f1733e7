import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GithubConfig } from './github-config.js';
import { githubReviewJobId } from './jobs.js';
import { routeEvent, type EventRoute } from './route-event.js';

// Real payloads (octokit's community-contributed examples), copied before each change.
type Payload = Record<string, unknown> & { action?: string };
const defs = createRequire(import.meta.url)('@octokit/webhooks-examples') as { name: string; examples: Payload[] }[];

function example(name: string, action: string | undefined, which = 0): Payload {
  const found = defs.find((d) => d.name === name)?.examples.filter((e) => e.action === action)[which];
  if (found === undefined) throw new Error(`no example ${name}.${String(action)}[${String(which)}]`);
  return structuredClone(found);
}

/** Sets a value at a dotted path of a payload copy (test-only: the payload is plain JSON). */
function set(payload: Payload, path: string, value: unknown): Payload {
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node = payload as Record<string, unknown>;
  for (const k of keys) node = node[k] as Record<string, unknown>;
  node[last] = value;
  return payload;
}

const config = GithubConfig.parse({});
const route = (event: string, payload: unknown, c = config): EventRoute => routeEvent(event, payload, c, 'd-1');
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

function jobsOf(r: EventRoute): unknown[] {
  if (r.kind !== 'enqueue') throw new Error(`expected jobs, got ${JSON.stringify(r)}`);
  for (const j of r.jobs) expect(j.id).toBe(githubReviewJobId(j.data));
  return r.jobs.map((j) => j.data);
}

describe('routeEvent: pull_request', () => {
  it.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])('%s → one review of the head', (action) => {
    const p = example('pull_request', action, action === 'opened' ? 1 : 0);
    set(p, 'installation', { id: 1 });
    expect(jobsOf(route('pull_request', p))).toEqual([{
      installationId: 1, owner: 'Codertocat', repo: 'Hello-World', pull: 2, headSha: HEAD,
      reason: 'pull_request', checkRunId: null, deliveryId: 'd-1',
    }]);
  });

  it('takes a null installation when the delivery has none (token auth)', () => {
    expect(jobsOf(route('pull_request', example('pull_request', 'opened', 0)))).toMatchObject([{ installationId: null }]);
  });

  it.each(['closed', 'labeled', 'unlabeled', 'assigned', 'converted_to_draft', 'review_requested'])('%s → ignored', (action) => {
    expect(route('pull_request', example('pull_request', action)).kind).toBe('ignore');
  });

  it('ignores a handled action on a closed pull request', () => {
    const p = set(example('pull_request', 'synchronize'), 'pull_request.state', 'closed');
    expect(route('pull_request', p)).toEqual({ kind: 'ignore', reason: 'pull request is closed' });
  });

  it('refuses a handled action whose payload lacks what we read, with the reason', () => {
    const p = set(example('pull_request', 'opened'), 'pull_request.head.sha', 'not-a-sha');
    const r = route('pull_request', p);
    expect(r).toMatchObject({ kind: 'invalid' });
    expect(r.kind === 'invalid' && r.reason).toContain('pull_request.head.sha');
    expect(route('pull_request', [])).toMatchObject({ kind: 'invalid' });
    expect(route('pull_request', null)).toMatchObject({ kind: 'invalid' });
  });

  it('ignores, without validating, a payload of an action we do not handle', () => {
    expect(route('pull_request', { action: 'labeled' }).kind).toBe('ignore');
  });

  it('ignores repositories that are not enabled', () => {
    const off = GithubConfig.parse({ repositories: { include: ['qemu/*'] } });
    expect(route('pull_request', example('pull_request', 'opened'), off)).toEqual({ kind: 'ignore', reason: 'repository Codertocat/Hello-World is not enabled' });
    const excluded = GithubConfig.parse({ repositories: { exclude: ['codertocat/hello-world'] } });
    expect(route('pull_request', example('pull_request', 'opened'), excluded).kind).toBe('ignore');
  });
});

describe('routeEvent: other events', () => {
  it('answers ping, ignores unknown events', () => {
    expect(route('ping', example('ping', undefined))).toEqual({ kind: 'ping' });
    expect(route('star', {})).toEqual({ kind: 'ignore', reason: 'event star is not handled' });
    expect(route('check_suite', example('check_suite', 'completed')).kind).toBe('ignore');
  });

  it('check_suite requested: one job per PR of this repository, at the suite head', () => {
    const p = example('check_suite', 'requested');
    const prs = example('check_suite', 'rerequested') as { check_suite: { pull_requests: Record<string, unknown>[] } };
    const pr = prs.check_suite.pull_requests[0]!;
    const foreign = set(structuredClone(pr), 'base.repo.id', 1);
    set(p, 'check_suite.pull_requests', [pr, { ...pr }, set(structuredClone(pr), 'number', 3), set(foreign, 'number', 9)]);
    const jobs = jobsOf(route('check_suite', p));
    expect(jobs).toEqual([2, 3].map((pull) => ({
      installationId: 957387, owner: 'Codertocat', repo: 'Hello-World', pull,
      headSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e', reason: 'check_suite', checkRunId: null, deliveryId: 'd-1',
    })));
  });

  it('check_suite requested with no PR (a push to a branch) → ignored', () => {
    expect(route('check_suite', example('check_suite', 'requested')).kind).toBe('ignore');
  });

  it('check_suite rerequested → a re-run that is not folded into the first review', () => {
    expect(jobsOf(route('check_suite', example('check_suite', 'rerequested')))).toMatchObject([{ pull: 2, headSha: HEAD, reason: 'rerun' }]);
  });

  it('check_run rerequested of our run → a re-run job naming the run', () => {
    const p = example('check_run', 'rerequested');
    const pr = (example('check_run', 'created') as { check_run: { pull_requests: Record<string, unknown>[] } }).check_run.pull_requests[0]!;
    set(p, 'check_run.name', 'dax-review');
    set(p, 'check_run.pull_requests', [set(pr, 'base.repo.id', 526)]);
    expect(jobsOf(route('check_run', p))).toEqual([{
      installationId: 1, owner: 'github', repo: 'hello-world', pull: 2, headSha: 'd6fde92930d4715a2b49857d24b940956b26d2d3',
      reason: 'rerun', checkRunId: 4, deliveryId: 'd-1',
    }]);
  });

  it('check_run of another check → ignored', () => {
    expect(route('check_run', example('check_run', 'rerequested'))).toEqual({ kind: 'ignore', reason: 'check run "randscape" is not ours' });
  });

  it('check_run requested_action: our re-review button only', () => {
    const p = set(example('check_run', 'requested_action'), 'check_run.name', 'dax-review');
    expect(route('check_run', p)).toEqual({ kind: 'ignore', reason: 'requested action is not a re-review' });
    set(p, 'requested_action', { identifier: 'rereview' });
    expect(jobsOf(route('check_run', p))).toMatchObject([{ owner: 'electron', repo: 'electron', pull: 26764, reason: 'rerun', checkRunId: 1494503112 }]);
  });
});

describe('routeEvent: issue_comment', () => {
  const onPull = (body: string): Payload => {
    const p = example('issue_comment', 'created', 3);
    set(p, 'issue.pull_request', { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' });
    return set(p, 'comment.body', body);
  };

  it('a command on a PR → a command for the handler', () => {
    expect(route('issue_comment', onPull('LGTM, but:\n/dax-review rereview'))).toEqual({
      kind: 'command',
      command: { installationId: 1, owner: 'Codertocat', repo: 'Hello-World', pull: 1, commentId: 492700400, commenter: 'Codertocat', deliveryId: 'd-1' },
    });
  });

  it('ignores comments without the command, quoting it, on plain issues, or by bots', () => {
    expect(route('issue_comment', example('issue_comment', 'created', 3))).toEqual({ kind: 'ignore', reason: 'comment on an issue, not a pull request' });
    expect(route('issue_comment', onPull('You are totally right!'))).toEqual({ kind: 'ignore', reason: 'no command in the comment' });
    expect(route('issue_comment', onPull('> /dax-review rereview\nno')).kind).toBe('ignore');
    const plain = set(example('issue_comment', 'created', 3), 'comment.body', '/dax-review rereview');
    expect(route('issue_comment', plain).kind).toBe('ignore');
    const bot = set(onPull('/dax-review rereview'), 'sender.type', 'Bot');
    expect(route('issue_comment', bot)).toEqual({ kind: 'ignore', reason: 'comment by a bot' });
    const suffixed = set(onPull('/dax-review rereview'), 'sender.login', 'renovate[bot]');
    expect(route('issue_comment', suffixed)).toEqual({ kind: 'ignore', reason: 'comment by a bot' });
    expect(route('issue_comment', set(example('issue_comment', 'edited'), 'comment.body', '/dax-review rereview')).kind).toBe('ignore');
  });

  it('uses the configured command word', () => {
    const c = GithubConfig.parse({ command: 'again' });
    expect(route('issue_comment', onPull('/dax-review again'), c).kind).toBe('command');
    expect(route('issue_comment', onPull('/dax-review rereview'), c).kind).toBe('ignore');
  });
});
