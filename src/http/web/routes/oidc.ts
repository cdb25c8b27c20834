import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../domain/deps.js';
import {
  OidcError, PENDING_TTL_MS, beginOidcSignIn, completeOidcSignIn, oidcEnabled, parsePending, signInWithOidc, type OidcFailure, type PendingSignIn,
} from '../../../domain/auth/oidc.js';
import { oidcErrorPage } from '../pages/auth.js';
import { cookieOptions, pageContext, safeNext, sendPage } from '../session.js';
import { finishSignIn } from './auth.js';

/** The pending sign-in: signed with the instance's cookie secret, only sent back to /auth/oidc, gone after 10 minutes. */
export const OIDC_COOKIE = 'samspil_oidc';

const STATUS: Record<OidcFailure, number> = {
  disabled: 404, expired: 400, state: 400, denied: 403, token: 400, claims: 400, account: 403, unavailable: 502,
};

function pendingCookieOptions(deps: Deps, maxAgeSeconds?: number) {
  return { ...cookieOptions(deps, maxAgeSeconds), path: '/auth/oidc', signed: true };
}

function readPending(request: FastifyRequest): PendingSignIn | undefined {
  const raw = request.cookies[OIDC_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  try {
    return parsePending(JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Single sign-on: /auth/oidc/start sends the browser to the provider with a fresh state, nonce
 * and PKCE challenge (the verifier stays in the signed cookie); /auth/oidc/callback checks the
 * answer against that cookie and signs in. Every refusal is a page that says what happened,
 * never a 5xx for what the provider or the browser sent.
 */
export async function oidcRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  async function refused(request: FastifyRequest, reply: FastifyReply, e: OidcError): Promise<FastifyReply> {
    request.log.info({ reason: e.reason, providerError: e.providerError }, 'oidc sign-in refused');
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, STATUS[e.reason], oidcErrorPage(ctx, e.reason, e.providerError));
  }

  app.get<{ Querystring: { next?: string } }>('/auth/oidc/start', async (request, reply) => {
    if (!oidcEnabled(deps.config)) return refused(request, reply, new OidcError('disabled', 'single sign-on is not configured'));
    const ctx = await pageContext(deps, request, reply);
    const next = safeNext(request.query.next);
    if (ctx.viewer) return reply.code(303).header('cache-control', 'no-store').redirect(next);
    try {
      const { url, pending } = await beginOidcSignIn(deps, next);
      const value = Buffer.from(JSON.stringify(pending), 'utf8').toString('base64url');
      reply.setCookie(OIDC_COOKIE, value, pendingCookieOptions(deps, Math.floor(PENDING_TTL_MS / 1000)));
      return reply.code(303).header('cache-control', 'no-store').redirect(url);
    } catch (e) {
      if (e instanceof OidcError) return refused(request, reply, e);
      throw e;
    }
  });

  app.get('/auth/oidc/callback', async (request, reply) => {
    if (!oidcEnabled(deps.config)) return refused(request, reply, new OidcError('disabled', 'single sign-on is not configured'));
    const pending = readPending(request);
    // One answer per sign-in: whatever happens next, the pending state is spent.
    reply.clearCookie(OIDC_COOKIE, pendingCookieOptions(deps));
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    // The URL the provider redirected to, on the public origin (the redirect URI it was given).
    const callbackUrl = new URL(`${deps.urls.base}/auth/oidc/callback${query.length > 8000 ? '' : query}`);
    try {
      const identity = await completeOidcSignIn(deps, callbackUrl, pending);
      const { user } = await signInWithOidc(deps, identity, { ip: request.ip });
      return await finishSignIn(deps, request, reply, user, pending!.next);
    } catch (e) {
      if (e instanceof OidcError) return refused(request, reply, e);
      throw e;
    }
  });
}
