/**
 * Injected failures: failNext(method, path, faults) queues answers for the next matching
 * requests; each fault becomes the reply GitHub gives in that situation.
 */
import { DOCS_URL, json, type Auth, type Reply } from './http.js';
import type { Fault } from './types.js';

export const RATE_LIMIT = 5000;

interface Pending {
  readonly method: string;
  readonly path: RegExp;
  readonly faults: Fault[];
}

export class Faults {
  private readonly pending: Pending[] = [];

  add(method: string, path: RegExp, faults: readonly Fault[]): void {
    this.pending.push({ method: method.toUpperCase(), path, faults: [...faults] });
  }

  /** The next fault queued for this request (consumed), or undefined. */
  take(method: string, path: string): Fault | undefined {
    for (const entry of this.pending) {
      if (entry.faults.length === 0 || entry.method !== method.toUpperCase()) continue;
      entry.path.lastIndex = 0;
      if (entry.path.test(path)) return entry.faults.shift();
    }
    return undefined;
  }
}

function epochIn(seconds: number): number {
  return Math.floor(Date.now() / 1000) + seconds;
}

/** The x-ratelimit-* headers of a normal answer. */
export function rateLimitHeaders(remaining: number): Record<string, string> {
  return {
    'x-ratelimit-limit': String(RATE_LIMIT),
    'x-ratelimit-remaining': String(Math.max(1, remaining)),
    'x-ratelimit-used': String(RATE_LIMIT - Math.max(1, remaining)),
    'x-ratelimit-reset': String(epochIn(3600)),
    'x-ratelimit-resource': 'core',
  };
}

const SECONDARY = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
};

export function faultReply(fault: Fault, auth: Auth | null): Reply {
  if ('kind' in fault) {
    if (fault.kind === 'secondary-rate-limit')
      return json(403, SECONDARY, { 'retry-after': String(fault.retryAfterS) });
    if (fault.kind === 'forbidden')
      return json(403, { message: 'Resource not accessible by integration', documentation_url: DOCS_URL });
    const who = auth?.kind === 'installation' ? `installation ID ${auth.id}` : 'user ID 1';
    return json(
      403,
      {
        message: `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID.`,
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
      },
      {
        'x-ratelimit-limit': String(RATE_LIMIT),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': String(RATE_LIMIT),
        'x-ratelimit-reset': String(epochIn(fault.resetInS)),
        'x-ratelimit-resource': 'core',
      },
    );
  }
  if (fault.status === 429) return json(429, SECONDARY, { 'retry-after': String(fault.retryAfterS) });
  if (fault.status === 404) return json(404, { message: 'Not Found', documentation_url: DOCS_URL });
  if (fault.status === 502) return json(502, { message: 'Server Error: Bad Gateway', documentation_url: DOCS_URL });
  return json(500, { message: 'Server Error', documentation_url: DOCS_URL });
}
