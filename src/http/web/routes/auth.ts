import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../../store/port.js';
import type { Deps } from '../../../domain/deps.js';
import { csrfGuard } from '../index.js';
import { DomainError } from '../../../errors.js';
import { verifyLogin } from '../../../domain/oauth/authorize.js';
import { endWebSession, startWebSession, usernameForEmail } from '../../../domain/auth/web-sessions.js';
import { getUserSettings } from '../../../domain/accounts/settings.js';
import { signInPage } from '../pages/auth.js';
import { LANG_COOKIE, SESSION_COOKIE, cookieOptions, pageContext, safeNext, sendPage } from '../session.js';
import { SESSION_MAX_MS } from '../../../domain/auth/web-sessions.js';
import { formString, type FormBody } from '../forms/body.js';
import { isLang } from '../i18n.js';
import { passwordSignInAllowed } from '../../../domain/auth/oidc.js';

/** Starts a web session for a verified user (password or single sign-on) and goes on to `to`. */
export async function finishSignIn(deps: Deps, request: FastifyRequest, reply: FastifyReply, user: User, to: string): Promise<FastifyReply> {
  const { secret } = await startWebSession(deps, user, { userAgent: request.headers['user-agent'], ip: request.ip });
  reply.setCookie(SESSION_COOKIE, secret, cookieOptions(deps, Math.floor(SESSION_MAX_MS / 1000)));
  const own = (await getUserSettings(deps, user.id)).uiLanguage;
  if (isLang(own)) reply.setCookie(LANG_COOKIE, own, { ...cookieOptions(deps, 365 * 24 * 3600), httpOnly: false });
  request.log.info({ userId: user.id }, 'signed in');
  return reply.code(303).header('cache-control', 'no-store').redirect(to);
}

export async function authRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get<{ Querystring: { next?: string } }>('/auth/sign_in', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    const next = safeNext(request.query.next);
    if (ctx.viewer) return reply.code(303).redirect(next);
    return sendPage(reply, 200, signInPage(ctx, { next }));
  });

  app.post('/auth/sign_in', { preHandler: csrfGuard(app, deps) }, async (request, reply) => {
    const body = request.body as FormBody;
    const ctx = await pageContext(deps, request, reply);
    const { t } = ctx.tr;
    const login = formString(body, 'login').trim();
    const password = formString(body, 'password');
    const next = safeNext(formString(body, 'next'));
    if (!passwordSignInAllowed(deps.config)) return sendPage(reply, 403, signInPage(ctx, { next, alert: t('auth.signIn.errors.passwordOff') }));
    const errors: Record<string, string> = {};
    if (!login) errors.login = t('auth.signIn.errors.loginMissing');
    if (!password) errors.password = t('auth.signIn.errors.passwordMissing');
    if (Object.keys(errors).length) return sendPage(reply, 400, signInPage(ctx, { login, next, errors }));
    const username = (login.includes('@') && !login.startsWith('@') && (await usernameForEmail(deps, login))) || login;
    try {
      const { user } = await verifyLogin(deps, username, password, request.ip);
      const to = user.mustChangePassword ? `/settings/password?next=${encodeURIComponent(next)}` : next;
      return await finishSignIn(deps, request, reply, user, to);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'LOGIN_FAILED') {
        return sendPage(reply, 401, signInPage(ctx, { login, next, errors: { login: t('auth.signIn.errors.failed') } }));
      }
      if (e.code === 'LOGIN_THROTTLED') {
        if (e.extra.retryAfterSeconds) reply.header('retry-after', String(e.extra.retryAfterSeconds));
        const minutes = Math.max(1, Math.ceil((e.extra.retryAfterSeconds ?? 60) / 60));
        return sendPage(reply, 429, signInPage(ctx, { login, next, alert: t('auth.signIn.errors.throttled', { count: minutes }) }));
      }
      if (e.code === 'ACCOUNT_DISABLED') return sendPage(reply, 403, signInPage(ctx, { login, next, alert: t('auth.signIn.errors.disabled') }));
      if (e.code === 'PASSWORD_SIGN_IN_OFF') return sendPage(reply, 403, signInPage(ctx, { next, alert: t('auth.signIn.errors.passwordOff') }));
      throw e;
    }
  });

  app.post('/auth/sign_out', { preHandler: csrfGuard(app, deps) }, async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    if (ctx.viewer) {
      await endWebSession(deps, ctx.viewer.sessionId, ctx.viewer.user.id);
      request.log.info({ userId: ctx.viewer.user.id }, 'signed out');
    }
    reply.clearCookie(SESSION_COOKIE, cookieOptions(deps));
    return reply.code(303).header('cache-control', 'no-store').redirect('/');
  });
}
