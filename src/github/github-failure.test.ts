import { RequestError } from 'octokit';
import { describe, expect, it } from 'vitest';
import { isPermanent, PermanentError } from '../errors.js';
import { githubFailure } from './github-failure.js';

const URL = 'https://api.github.com/repos/o/r/check-runs/6';

/** A RequestError as octokit throws it for an answer of `status` with these response headers. */
function answered(status: number, message: string, headers: Record<string, string> = {}): RequestError {
  return new RequestError(message, status, {
    request: { method: 'PATCH', url: URL, headers: { authorization: 'token ghs_secret' } },
    response: { status, url: URL, headers, data: { message } },
  });
}

describe('githubFailure', () => {
  it.each([
    [401, 'Bad credentials'],
    [404, 'Not Found'],
    [410, 'Gone'],
    [422, 'Validation Failed'],
    [403, 'Resource not accessible by integration'],
  ])('makes a %i (%s) permanent, naming the request and keeping the answer as cause', (status, message) => {
    const err = answered(status, message);
    const failure = githubFailure(err);
    expect(failure).toBeInstanceOf(PermanentError);
    expect(isPermanent(failure)).toBe(true);
    expect((failure as PermanentError).message).toBe(`GitHub answered ${String(status)} to PATCH ${URL}: ${message}`);
    expect((failure as PermanentError).cause).toBe(err);
  });

  it.each([
    ['a Retry-After header', 'You have exceeded a secondary rate limit', { 'retry-after': '60' }],
    ['no requests left', 'Forbidden', { 'x-ratelimit-remaining': '0' }],
    ['a rate-limit message', 'API rate limit exceeded for installation ID 1', {}],
  ])('leaves a 403 with %s transient: the error itself, to be retried', (_what, message, headers) => {
    const err = answered(403, message, headers);
    expect(githubFailure(err)).toBe(err);
    expect(isPermanent(githubFailure(err))).toBe(false);
  });

  it('makes a 403 with requests left permanent', () => {
    expect(githubFailure(answered(403, 'Forbidden', { 'x-ratelimit-remaining': '4999' }))).toBeInstanceOf(
      PermanentError,
    );
  });

  it.each([500, 502, 503, 504])('leaves a %i transient', (status) => {
    const err = answered(status, 'Server Error');
    expect(githubFailure(err)).toBe(err);
  });

  it('leaves an error that is no GitHub answer (the network, a bug) as it is', () => {
    const err = new TypeError('fetch failed');
    expect(githubFailure(err)).toBe(err);
    expect(githubFailure('not even an Error')).toBe('not even an Error');
  });
});
