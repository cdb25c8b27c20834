import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../../domain/deps.js';
import { DomainError } from '../../../errors.js';
import { MIN_PASSWORD_LENGTH } from '../../../domain/accounts/accounts.js';
import { LINK_PATH, openAccountLink, redeemAccountLink } from '../../../domain/admin/account-links.js';
import { SESSION_MAX_MS } from '../../../domain/auth/web-sessions.js';
import { csrfGuard } from '../index.js';
import { SESSION_COOKIE, cookieOptions, pageContext, sendPage } from '../session.js';
import { formString, type FormBody } from '../forms/body.js';
import { accountLinkGonePage, accountLinkPage } from '../pages/account-link.js';

/** The secret is in the path: no page of it may send it on as a Referer. */
const private_ = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer');

/** `/auth/link/<secret>`: an invitation or a password link, opened by the person it was made for. */
export async function accountLinkRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  type P = { Params: { secret: string } };

  app.get<P>(`${LINK_PATH}:secret`, async (request, reply) => {
    private_(reply);
    const ctx = await pageContext(deps, request, reply);
    try {
      const { link, actor } = await openAccountLink(deps, request.params.secret);
      return sendPage(reply, 200, accountLinkPage(ctx, { action: `${LINK_PATH}${request.params.secret}`, purpose: link.purpose, username: actor.username }));
    } catch (e) {
      if (e instanceof DomainError && e.code === 'LINK_INVALID') return sendPage(reply, 410, accountLinkGonePage(ctx));
      throw e;
    }
  });

  app.post<P>(`${LINK_PATH}:secret`, { preHandler: csrfGuard(app, deps) }, async (request, reply) => {
    private_(reply);
    const ctx = await pageContext(deps, request, reply);
    const { t } = ctx.tr;
    const body = request.body as FormBody;
    const secret = request.params.secret;
    try {
      const { user, session } = await redeemAccountLink(deps, secret, { password: formString(body, 'password'), confirm: formString(body, 'confirm') }, { userAgent: request.headers['user-agent'], ip: request.ip });
      reply.setCookie(SESSION_COOKIE, session.secret, cookieOptions(deps, Math.floor(SESSION_MAX_MS / 1000)));
      request.log.info({ userId: user.id }, 'password set through a one-time link');
      return reply.code(303).header('cache-control', 'no-store').redirect('/home?notice=password_set');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'LINK_INVALID') return sendPage(reply, 410, accountLinkGonePage(ctx));
      if (e.code !== 'PASSWORD_INVALID') throw e;
      const { link, actor } = await openAccountLink(deps, secret);
      const errors: Record<string, string> = {};
      for (const fe of e.extra.errors ?? []) errors[fe.pointer.slice(1)] = t(`admin.accountLink.errors.${fe.detail}`, { min: MIN_PASSWORD_LENGTH });
      return sendPage(reply, 400, accountLinkPage(ctx, { action: `${LINK_PATH}${secret}`, purpose: link.purpose, username: actor.username, errors }));
    }
  });
}
