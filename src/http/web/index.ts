import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyCsrf from '@fastify/csrf-protection';
import type { Deps } from '../../domain/deps.js';
import type { FedDeps } from '../../activitypub/federation.js';
import { DomainError } from '../../errors.js';
import { instanceSecret } from '../../domain/oauth/csrf.js';
import { negotiate } from '../negotiate.js';
import { registerSecurityHeaders } from './security-headers.js';
import { assetRoutes } from './assets.js';
import { authRoutes } from './routes/auth.js';
import { oidcRoutes } from './routes/oidc.js';
import { settingsRoutes } from './routes/settings.js';
import { frontRoutes } from './routes/front.js';
import { solutionFormRoutes } from './routes/solution-form.js';
import { draftRoutes } from './routes/drafts.js';
import { solutionPageRoutes } from './routes/solutions.js';
import { adminRoutes } from './routes/admin.js';
import { adminProfileRoutes } from './routes/admin-profile.js';
import { accountLinkRoutes } from './routes/account-links.js';
import { errorPage, type ErrorPageKind } from './pages/error.js';
import { cookieOptions, pageContext, sendPage } from './session.js';
import type { PageContext } from './context.js';
import { instanceLang, translator } from './i18n.js';

const COOKIE_SECRET_KEY = 'webCookieSecret';

/**
 * What the whole app needs before any route: cookies, CSRF tokens (a secret in a signed
 * cookie, the token in each form, bound to the session), and the security headers hook.
 */
export async function registerWebFoundation(app: FastifyInstance, deps: Deps): Promise<void> {
  app.decorateRequest('webContext', null);
  const secret = await instanceSecret(deps, COOKIE_SECRET_KEY);
  await app.register(fastifyCookie, { secret });
  await app.register(fastifyCsrf, {
    cookieKey: 'samspil_csrf',
    cookieOpts: { ...cookieOptions(deps), signed: true },
    sessionPlugin: '@fastify/cookie',
    // A token made for one session is refused in another. `csrfGuard` has loaded the session by then.
    getUserInfo: (request: FastifyRequest) => csrfUser(request.webContext?.viewer ?? null),
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const v = body?._csrf;
      return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
    },
    csrfOpts: { userInfo: true, hmacKey: secret },
  } as Parameters<typeof fastifyCsrf>[1]);
  registerSecurityHeaders(app);
}

/** What a CSRF token is bound to: the session, or "signed out" for the sign-in form. */
export function csrfUser(viewer: { sessionId: string } | null): string {
  return viewer ? `session:${viewer.sessionId}` : 'anonymous';
}

/** preHandler for every state-changing web form: loads the viewer, then checks the token against it. */
export function csrfGuard(app: FastifyInstance, deps: Deps) {
  return [async (request: FastifyRequest, reply: FastifyReply) => void (await pageContext(deps, request, reply)), app.csrfProtection];
}

const KIND_PAGES: Partial<Record<DomainError['kind'], { page: ErrorPageKind; status: number }>> = {
  not_found: { page: 'notFound', status: 404 },
  gone: { page: 'gone', status: 410 },
  forbidden: { page: 'forbidden', status: 403 },
  unauthorized: { page: 'forbidden', status: 401 },
  too_large: { page: 'tooLarge', status: 413 },
  invalid: { page: 'invalid', status: 400 },
  rate_limited: { page: 'rateLimited', status: 429 },
  unavailable: { page: 'unavailable', status: 503 },
  conflict: { page: 'conflict', status: 409 },
  not_acceptable: { page: 'notAcceptable', status: 406 },
};

/** Any error on a web route as a page, never JSON; internals only in the log. */
export async function sendErrorPage(deps: Deps, error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  let kind: ErrorPageKind = 'server';
  let status = 500;
  let detail: string | undefined;
  const fe = error as FastifyError;
  if (error instanceof DomainError) {
    const m = KIND_PAGES[error.kind];
    if (m) ({ page: kind, status } = m);
    if (error.extra.retryAfterSeconds) reply.header('retry-after', String(error.extra.retryAfterSeconds));
    if (status < 500 && kind !== 'notFound') detail = error.detail;
  } else if (fe.code?.startsWith('FST_CSRF')) {
    kind = 'csrf';
    status = 403;
  } else if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_FILES_LIMIT' || fe.code === 'FST_PARTS_LIMIT' || fe.code === 'FST_FIELDS_LIMIT') {
    kind = 'tooLarge';
    status = 413;
  } else if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    kind = fe.statusCode === 404 ? 'notFound' : 'invalid';
    status = fe.statusCode === 404 ? 404 : 400;
  }
  if (status >= 500) request.log.error({ err: error }, 'page failed');
  else request.log.debug({ kind, code: fe.code }, 'page refused');
  let ctx: PageContext;
  try {
    ctx = await pageContext(deps, request, reply);
  } catch {
    // The store itself failed: a page without a viewer still says what happened.
    const lang = instanceLang(deps.config.instance.languages);
    ctx = { deps, tr: translator(lang), lang, viewer: null, csrfToken: '', path: '/' };
  }
  // A refusal the person can act on is said in their language, not the API's English.
  if (error instanceof DomainError && ctx.tr.has(`errors.codes.${error.code}`)) detail = ctx.tr.t(`errors.codes.${error.code}`);
  return sendPage(reply, status, errorPage(ctx, kind, detail));
}

/** Whether a request that matched no route wants a page (a browser) rather than JSON. */
export function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  if (path.startsWith('/api/') || path.startsWith('/oauth/token') || path.startsWith('/oauth/revoke') || path.startsWith('/.well-known/') || path.startsWith('/nodeinfo/')) return false;
  return negotiate(request.headers.accept, ['json', 'html']) === 'html';
}

/** The staff web app: routes that render pages and take forms. Errors here are pages. */
export async function webRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  app.setErrorHandler(async (error, request, reply) => sendErrorPage(fed, error, request, reply));
  // Forms arrive url-encoded; repeated names (checkbox groups) become arrays.
  await app.register(formbody, { bodyLimit: fed.config.bodyLimit });
  await app.register(assetRoutes);
  await authRoutes(app, fed);
  await oidcRoutes(app, fed);
  await settingsRoutes(app, fed);
  await frontRoutes(app, fed);
  await solutionFormRoutes(app, fed);
  await draftRoutes(app, fed);
  await solutionPageRoutes(app, fed);
  await adminRoutes(app, fed);
  await adminProfileRoutes(app, fed);
  await accountLinkRoutes(app, fed);
}
