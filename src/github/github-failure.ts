import { RequestError } from 'octokit';
import { PermanentError } from '../errors.js';

/**
 * GitHub answers that retrying cannot change become permanent: the PR or repository is gone or
 * the request is invalid (404, 410, 422), or the App may not do it (401, and a 403 that is not a
 * rate limit: "Resource not accessible by integration", a missing permission). 5xx, network
 * errors and rate limits stay transient (octokit's retry and throttling plugins have already
 * waited on them).
 */
function isRateLimit(err: RequestError): boolean {
  const headers = err.response?.headers ?? {};
  return (
    headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(err.message)
  );
}

/** `err` as a PermanentError (its cause) when GitHub's answer cannot change on retry, else `err` itself. */
export function githubFailure(err: unknown): unknown {
  if (
    err instanceof RequestError &&
    ([401, 404, 410, 422].includes(err.status) || (err.status === 403 && !isRateLimit(err)))
  ) {
    return new PermanentError(
      `GitHub answered ${String(err.status)} to ${err.request.method} ${err.request.url}: ${err.message}`,
      { cause: err },
    );
  }
  return err;
}
