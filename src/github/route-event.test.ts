import { describe, expect, it } from 'vitest';
import { GithubConfig } from './github-config.js';
import { githubReviewJobId } from './jobs.js';
import { checkRunExternalId, legacyCheckRunExternalId } from './check-run-external-id.js';
import { jobsFor, routeEvent, type EventRoute } from './route-event.js';
import { example, setPath, type Payload } from '../../test/helpers/github/webhook-examples.js';

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
    setPath(p, 'installation', { id: 1 });
    expect(jobsOf(route('pull_request', p))).toEqual([
      {
        installationId: 1,
        owner: 'Codertocat',
        repo: 'Hello-World',
        pull: 2,
        headSha: HEAD,
        reason: 'pull_request',
        checkRunId: null,
        deliveryId: 'd-1',
      },
    ]);
  });

  it('takes a null installation when the delivery has none (token auth)', () => {
    expect(jobsOf(route('pull_request', example('pull_request', 'opened', 0)))).toMatchObject([
      { installationId: null },
    ]);
  });

  it.each(['closed', 'labeled', 'unlabeled', 'assigned', 'converted_to_draft', 'review_requested'])(
    '%s → ignored',
    (action) => {
      expect(route('pull_request', example('pull_request', action)).kind).toBe('ignore');
    },
  );

  it('ignores a handled action on a closed pull request', () => {
    const p = setPath(example('pull_request', 'synchronize'), 'pull_request.state', 'closed');
    expect(route('pull_request', p)).toEqual({ kind: 'ignore', reason: 'pull request is closed' });
  });

  it('refuses a handled action whose payload lacks what we read, with the reason', () => {
    const p = setPath(example('pull_request', 'opened'), 'pull_request.head.sha', 'not-a-sha');
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
    expect(route('pull_request', example('pull_request', 'opened'), off)).toEqual({
      kind: 'ignore',
      reason: 'repository Codertocat/Hello-World is not enabled',
    });
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
    const foreign = setPath(structuredClone(pr), 'base.repo.id', 1);
    setPath(p, 'check_suite.pull_requests', [
      pr,
      { ...pr },
      setPath(structuredClone(pr), 'number', 3),
      setPath(foreign, 'number', 9),
    ]);
    const jobs = jobsOf(route('check_suite', p));
    expect(jobs).toEqual(
      [2, 3].map((pull) => ({
        installationId: 957387,
        owner: 'Codertocat',
        repo: 'Hello-World',
        pull,
        headSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        reason: 'check_suite',
        checkRunId: null,
        deliveryId: 'd-1',
      })),
    );
  });

  it("check_suite with no PR: requested (a push) is left to the pull_request events, rerequested (a fork's head) is looked up", () => {
    expect(route('check_suite', example('check_suite', 'requested'))).toMatchObject({
      kind: 'ignore',
      reason: expect.stringContaining('no pull request at this head') as unknown,
    });
    const fork = setPath(example('check_suite', 'rerequested'), 'check_suite.pull_requests', []);
    expect(route('check_suite', fork)).toEqual({
      kind: 'find-pulls',
      lookup: {
        installationId: expect.any(Number) as unknown,
        owner: expect.any(String) as unknown,
        repo: expect.any(String) as unknown,
        headSha: HEAD,
        reason: 'rerun',
        checkRunId: null,
        deliveryId: 'd-1',
        externalPull: null,
      },
    });
  });

  it("check_run rerequested of our run with no PR (a fork's head) → looked up, with the PR our external id names", () => {
    const p = setPath(example('check_run', 'rerequested'), 'check_run.name', 'dax-review');
    expect(p.check_run).toMatchObject({ pull_requests: [] });
    const ref = { owner: 'github', repo: 'hello-world', pull: 12, headSha: 'd6fde92930d4715a2b49857d24b940956b26d2d3' };
    const r = route('check_run', setPath(p, 'check_run.external_id', checkRunExternalId(ref)));
    expect(r).toEqual({
      kind: 'find-pulls',
      lookup: {
        installationId: 1,
        owner: 'github',
        repo: 'hello-world',
        headSha: ref.headSha,
        reason: 'rerun',
        checkRunId: 4,
        deliveryId: 'd-1',
        externalPull: 12,
      },
    });
    if (r.kind !== 'find-pulls') throw new Error('not a lookup');
    expect(jobsFor(r.lookup, [12]).map((j) => j.data)).toEqual([
      {
        installationId: 1,
        owner: 'github',
        repo: 'hello-world',
        pull: 12,
        headSha: ref.headSha,
        reason: 'rerun',
        checkRunId: 4,
        deliveryId: 'd-1',
      },
    ]);
    expect(route('check_run', setPath(p, 'check_run.external_id', legacyCheckRunExternalId(ref)))).toMatchObject({
      kind: 'find-pulls',
      lookup: { externalPull: null },
    });
  });

  it('check_suite rerequested → a re-run that is not folded into the first review', () => {
    expect(jobsOf(route('check_suite', example('check_suite', 'rerequested')))).toMatchObject([
      { pull: 2, headSha: HEAD, reason: 'rerun' },
    ]);
  });

  it('check_run rerequested of our run → a re-run job naming the run', () => {
    const p = example('check_run', 'rerequested');
    const pr = (example('check_run', 'created') as { check_run: { pull_requests: Record<string, unknown>[] } })
      .check_run.pull_requests[0]!;
    setPath(p, 'check_run.name', 'dax-review');
    setPath(p, 'check_run.pull_requests', [setPath(pr, 'base.repo.id', 526)]);
    expect(jobsOf(route('check_run', p))).toEqual([
      {
        installationId: 1,
        owner: 'github',
        repo: 'hello-world',
        pull: 2,
        headSha: 'd6fde92930d4715a2b49857d24b940956b26d2d3',
        reason: 'rerun',
        checkRunId: 4,
        deliveryId: 'd-1',
      },
    ]);
  });

  it('check_run of another check → ignored', () => {
    expect(route('check_run', example('check_run', 'rerequested'))).toEqual({
      kind: 'ignore',
      reason: 'check run "randscape" is not ours',
    });
  });

  it('check_run requested_action: our re-review button only', () => {
    const p = setPath(example('check_run', 'requested_action'), 'check_run.name', 'dax-review');
    expect(route('check_run', p)).toEqual({ kind: 'ignore', reason: 'requested action is not a re-review' });
    setPath(p, 'requested_action', { identifier: 'rereview' });
    expect(jobsOf(route('check_run', p))).toMatchObject([
      { owner: 'electron', repo: 'electron', pull: 26764, reason: 'rerun', checkRunId: 1494503112 },
    ]);
  });
});

describe('routeEvent: issue_comment', () => {
  const onPull = (body: string): Payload => {
    const p = example('issue_comment', 'created', 3);
    setPath(p, 'issue.pull_request', { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' });
    return setPath(p, 'comment.body', body);
  };

  it('a command on a PR → a command for the handler', () => {
    expect(route('issue_comment', onPull('LGTM, but:\n/dax-review rereview'))).toEqual({
      kind: 'command',
      command: {
        installationId: 1,
        owner: 'Codertocat',
        repo: 'Hello-World',
        pull: 1,
        commentId: 492700400,
        commenter: 'Codertocat',
        deliveryId: 'd-1',
      },
    });
  });

  it('ignores comments without the command, quoting it, on plain issues, or by bots', () => {
    expect(route('issue_comment', example('issue_comment', 'created', 3))).toEqual({
      kind: 'ignore',
      reason: 'comment on an issue, not a pull request',
    });
    expect(route('issue_comment', onPull('You are totally right!'))).toEqual({
      kind: 'ignore',
      reason: 'no command in the comment',
    });
    expect(route('issue_comment', onPull('> /dax-review rereview\nno')).kind).toBe('ignore');
    const plain = setPath(example('issue_comment', 'created', 3), 'comment.body', '/dax-review rereview');
    expect(route('issue_comment', plain).kind).toBe('ignore');
    const bot = setPath(onPull('/dax-review rereview'), 'sender.type', 'Bot');
    expect(route('issue_comment', bot)).toEqual({ kind: 'ignore', reason: 'comment by a bot' });
    const suffixed = setPath(onPull('/dax-review rereview'), 'sender.login', 'renovate[bot]');
    expect(route('issue_comment', suffixed)).toEqual({ kind: 'ignore', reason: 'comment by a bot' });
    expect(
      route('issue_comment', setPath(example('issue_comment', 'edited'), 'comment.body', '/dax-review rereview')).kind,
    ).toBe('ignore');
  });

  it('uses the configured command word', () => {
    const c = GithubConfig.parse({ command: 'again' });
    expect(route('issue_comment', onPull('/dax-review again'), c).kind).toBe('command');
    expect(route('issue_comment', onPull('/dax-review rereview'), c).kind).toBe('ignore');
  });
});
