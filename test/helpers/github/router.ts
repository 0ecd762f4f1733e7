/**
 * A tiny method + path router. Patterns are GitHub's own route templates
 * ('/repos/{owner}/{repo}/pulls/{pull_number}'); a parameter matches one path segment.
 */
import type { Reply, RequestContext } from './http.js';

export type Params = Readonly<Record<string, string>>;
export type Handler = (ctx: RequestContext, params: Params) => Reply;

interface Route {
  readonly method: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, template: string, handler: Handler): this {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) => {
        const name = /^\{(\w+)\}$/.exec(segment)?.[1];
        if (name === undefined) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method: method.toUpperCase(), regex: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /** The handler and its decoded parameters, or null when no route matches. */
  match(method: string, path: string): { handler: Handler; params: Params } | null {
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase()) continue;
      const m = route.regex.exec(path);
      if (m === null) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { handler: route.handler, params };
    }
    return null;
  }
}

/** A route parameter the template guarantees (throws on a routing bug). */
export function param(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`route has no parameter {${name}}`);
  return value;
}

/** A numeric route parameter; NaN when the segment is not a number (handlers answer 404). */
export function numParam(params: Params, name: string): number {
  const raw = param(params, name);
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}
