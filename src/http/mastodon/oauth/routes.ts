import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../domain/deps.js';
import { DomainError } from '../../../errors.js';
import { readSchema } from '../../../schemas.js';
import {
  AuthorizationError, denyAuthorization, grantAuthorization, validateAuthorization, appOfPendingCode, verifyLogin, type AuthorizationParams, type ValidAuthorization,
} from '../../../domain/oauth/authorize.js';
import { issueCsrf, verifyCsrf } from '../../../domain/oauth/csrf.js';
import { exchangeToken, revokeToken } from '../../../domain/oauth/tokens.js';
import { renderAuthorizePage, renderCodePage, renderErrorPage, sendPage } from './pages.js';
import { pageContext } from '../../web/session.js';

const CSRF_COOKIE = 'samspil_oauth_csrf';

type Params = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function authorizationParams(p: Params): AuthorizationParams {
  return {
    responseType: str(p.response_type),
    clientId: str(p.client_id),
    redirectUri: str(p.redirect_uri),
    scope: str(p.scope),
    state: str(p.state),
    codeChallenge: str(p.code_challenge),
    codeChallengeMethod: str(p.code_challenge_method),
  };
}

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** RFC 6749 2.3.1: Basic credentials are form-urlencoded before base64. */
function basicCredentials(request: FastifyRequest): { clientId?: string; clientSecret?: string } {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return {};
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  const unescape = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
}

function clientCredentials(request: FastifyRequest, body: Params) {
  const basic = basicCredentials(request);
  return basic.clientId !== undefined ? basic : { clientId: str(body.client_id), clientSecret: str(body.client_secret) };
}

/** GET /oauth/authorize with the same (validated) parameters: where single sign-on comes back to. */
function authorizePath(auth: ValidAuthorization): string {
  const q = new URLSearchParams({ response_type: 'code', client_id: auth.app.clientId, redirect_uri: auth.redirectUri, scope: auth.scopes.join(' ') });
  if (auth.state !== null) q.set('state', auth.state);
  if (auth.codeChallenge !== null) q.set('code_challenge', auth.codeChallenge);
  if (auth.codeChallengeMethod !== null) q.set('code_challenge_method', auth.codeChallengeMethod);
  return `/oauth/authorize?${q}`;
}

export async function oauthRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const secure = deps.config.publicUrlScheme === 'https';

  async function showForm(request: FastifyRequest, reply: FastifyReply, auth: ValidAuthorization, status: number, extra: { username?: string; error?: string } = {}) {
    const { nonce, token } = await issueCsrf(deps);
    reply.header('set-cookie', `${CSRF_COOKIE}=${nonce}; Path=/oauth; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
    return sendPage(reply, status, renderAuthorizePage(await pageContext(deps, request, reply), { auth, csrfToken: token, returnTo: authorizePath(auth), ...extra }));
  }

  async function authorizationFailed(request: FastifyRequest, reply: FastifyReply, e: unknown) {
    if (e instanceof AuthorizationError) {
      if (e.redirectTo) return reply.code(302).header('cache-control', 'no-store').redirect(e.redirectTo);
      return sendPage(reply, e.status, renderErrorPage(await pageContext(deps, request, reply), e.error, e.description));
    }
    throw e;
  }

  app.get('/authorize', { schema: { querystring: readSchema('mastodon/oauth-authorize.json') } }, async (request, reply) => {
    let auth: ValidAuthorization;
    try {
      auth = await validateAuthorization(deps, authorizationParams(request.query as Params));
    } catch (e) {
      return authorizationFailed(request, reply, e);
    }
    return showForm(request, reply, auth, 200);
  });

  app.get('/authorize/native', async (request, reply) => {
    const code = str((request.query as Params).code) ?? '';
    const found = await appOfPendingCode(deps, code);
    reply.header('cache-control', 'no-store');
    if (!found) {
      const ctx = await pageContext(deps, request, reply);
      return sendPage(reply, 404, renderErrorPage(ctx, 'invalid_grant', ctx.tr.t('oauth.code.gone')));
    }
    return sendPage(reply, 200, renderCodePage(await pageContext(deps, request, reply), found.name, code));
  });

  app.post('/authorize', { schema: { body: readSchema('mastodon/oauth-authorize.json') } }, async (request, reply) => {
    const body = request.body as Params;
    if (!(await verifyCsrf(deps, readCookie(request, CSRF_COOKIE), str(body.authenticity_token)))) {
      return sendPage(reply, 403, renderErrorPage(await pageContext(deps, request, reply), 'invalid_request', 'This form expired or did not come from this server. Go back to the app and start the login again.'));
    }
    let auth: ValidAuthorization;
    try {
      auth = await validateAuthorization(deps, authorizationParams(body));
    } catch (e) {
      return authorizationFailed(request, reply, e);
    }
    if (body.decision === 'deny') return authorizationFailed(request, reply, denyAuthorization(auth));
    const username = str(body.username) ?? '';
    try {
      // Signed in to the web app (password or single sign-on) and no login typed: consent as that user.
      const viewer = username ? null : (await pageContext(deps, request, reply)).viewer;
      const { user } = viewer ? { user: viewer.user } : await verifyLogin(deps, username, str(body.password) ?? '', request.ip);
      const outcome = await grantAuthorization(deps, auth, user);
      request.log.info({ appId: auth.app.id, userId: user.id, scopes: auth.scopes }, 'oauth authorization granted');
      // oob too: Mastodon redirects to /oauth/authorize/native?code=..., the page that shows the code.
      return reply.code(302).header('cache-control', 'no-store').redirect(outcome.location);
    } catch (e) {
      if (e instanceof DomainError && (e.code === 'LOGIN_FAILED' || e.code === 'ACCOUNT_DISABLED' || e.code === 'LOGIN_THROTTLED' || e.code === 'PASSWORD_SIGN_IN_OFF')) {
        request.log.info({ appId: auth.app.id, reason: e.code }, 'oauth login refused');
        if (e.extra.retryAfterSeconds) reply.header('retry-after', String(e.extra.retryAfterSeconds));
        const status = e.code === 'LOGIN_FAILED' ? 401 : e.code === 'LOGIN_THROTTLED' ? 429 : 403;
        return showForm(request, reply, auth, status, { username, error: e.detail });
      }
      throw e;
    }
  });

  app.post('/token', { schema: { body: readSchema('mastodon/oauth-token.json') } }, async (request, reply) => {
    const body = request.body as Params;
    const response = await exchangeToken(deps, {
      grantType: str(body.grant_type),
      ...clientCredentials(request, body),
      code: str(body.code),
      redirectUri: str(body.redirect_uri),
      codeVerifier: str(body.code_verifier),
      refreshToken: str(body.refresh_token),
      scope: str(body.scope),
    });
    request.log.info({ grantType: body.grant_type }, 'oauth token issued');
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').type('application/json; charset=utf-8').send(response);
  });

  app.post('/revoke', { schema: { body: readSchema('mastodon/oauth-revoke.json') } }, async (request, reply) => {
    const body = request.body as Params;
    await revokeToken(deps, { ...clientCredentials(request, body), token: str(body.token) });
    return reply.type('application/json; charset=utf-8').send({});
  });
}
