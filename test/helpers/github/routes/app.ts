/** The App's own endpoints: GET /app, a repository's installation and installation access tokens (App JWT required). */
import { json, type Reply } from '../http.js';
import { numParam, type Router } from '../router.js';
import type { Credentials } from '../auth.js';

export const APP_SLUG = 'dax-review';

function jwtRefused(message: string): Reply {
  return json(401, { message, documentation_url: 'https://docs.github.com/rest' });
}

export function appRoutes(router: Router, credentials: Credentials, installationId: number): void {
  // The one installation of the App, on every repository.
  router.on('GET', '/repos/{owner}/{repo}/installation', (ctx) => {
    if (ctx.auth?.kind !== 'app')
      return jwtRefused(credentials.jwtProblem(ctx.authorization) ?? 'A JSON web token could not be decoded');
    return json(200, { id: installationId, app_id: credentials.appId, target_type: 'Organization' });
  });

  router.on('GET', '/app', (ctx) => {
    if (ctx.auth?.kind !== 'app')
      return jwtRefused(credentials.jwtProblem(ctx.authorization) ?? 'A JSON web token could not be decoded');
    return json(200, {
      id: credentials.appId,
      slug: APP_SLUG,
      name: APP_SLUG,
      owner: { login: 'dax-review', type: 'Organization' },
      permissions: { checks: 'write', pull_requests: 'write', issues: 'write', contents: 'read', metadata: 'read' },
      events: ['pull_request', 'issue_comment'],
    });
  });

  router.on('POST', '/app/installations/{installation_id}/access_tokens', (ctx, params) => {
    if (ctx.auth?.kind !== 'app')
      return jwtRefused(credentials.jwtProblem(ctx.authorization) ?? 'A JSON web token could not be decoded');
    const id = numParam(params, 'installation_id');
    if (Number.isNaN(id)) return json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const { token, expiresAt } = credentials.mint(id);
    return json(201, {
      token,
      expires_at: expiresAt,
      permissions: { checks: 'write', pull_requests: 'write', issues: 'write', contents: 'read', metadata: 'read' },
      repository_selection: 'all',
    });
  });
}
