import { RedisUnavailableError } from '../service/resolve-redis.js';
import { UnknownMessageError } from './rereview-command.js';
import { PullRequestTargetError } from './rereview-pull-request.js';

/** Errors a service command reports as a one-line message (exit 2), not a stack trace. */
export const isServiceCliError = (err: unknown): err is Error =>
  err instanceof RedisUnavailableError || err instanceof UnknownMessageError || err instanceof PullRequestTargetError;
