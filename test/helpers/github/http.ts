/**
 * The plumbing between node:http and the route handlers: what a handler gets (RequestContext),
 * what it gives back (Reply), reading bodies, writing JSON answers, GitHub's pagination.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Who a request authenticated as (null: no or unknown credentials). */
export type Auth = { kind: 'app' } | { kind: 'installation'; id: number } | { kind: 'token' };

export interface RequestContext {
  readonly method: string;
  /** Without the pathPrefix and the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly auth: Auth | null;
  /** The raw `authorization` header (for the reason a credential is refused). */
  readonly authorization: string | undefined;
  /** The fake's base URL (origin + pathPrefix), for Link headers and html_url fields. */
  readonly baseUrl: string;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const DOCS_URL = 'https://docs.github.com/rest';

export function json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Reply {
  return { status, body, headers };
}

export function notFound(): Reply {
  return json(404, { message: 'Not Found', documentation_url: DOCS_URL });
}

export function badCredentials(): Reply {
  return json(401, { message: 'Bad credentials', documentation_url: DOCS_URL });
}

/** GitHub's 422 for a request whose fields fail validation. */
export function validationFailed(errors: readonly unknown[], message = 'Validation Failed'): Reply {
  return json(422, { message, errors, documentation_url: DOCS_URL });
}

export function authLabel(auth: Auth | null): string | null {
  if (auth === null) return null;
  if (auth.kind === 'app') return 'app-jwt';
  if (auth.kind === 'installation') return `installation:${auth.id}`;
  return 'token';
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON when it parses, the text otherwise, null for an empty body. */
export function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function sendReply(res: ServerResponse, reply: Reply, baseHeaders: Readonly<Record<string, string>>): void {
  const headers: Record<string, string> = { ...baseHeaders, ...(reply.headers ?? {}) };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}

/** A positive integer query parameter, else the fallback. */
function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * One page of `items` the way GitHub pages lists: per_page (default 30, max 100) and page
 * (1-based), a Link header with next/last (and first/prev past page 1) keeping the other
 * query parameters.
 */
export function paginate<T>(ctx: RequestContext, items: readonly T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(positiveInt(ctx.query.per_page, 30), 100);
  const page = positiveInt(ctx.query.page, 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string): string => {
    const q = new URLSearchParams({ ...ctx.query, per_page: String(perPage), page: String(p) });
    return `<${ctx.baseUrl}${ctx.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { page: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}
