import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../domain/deps.js';
import { csrfGuard } from '../index.js';
import { DomainError } from '../../../errors.js';
import { changePassword } from '../../../domain/auth/web-sessions.js';
import { getUserSettings, setUiLanguage } from '../../../domain/accounts/settings.js';
import { updateProfile, PROFILE_LIMITS } from '../../../domain/accounts/profile.js';
import { htmlToPlainText } from '../../../html/plain-text.js';
import { passwordPage, profilePage } from '../pages/settings.js';
import { LANG_COOKIE, cookieOptions, pageContext, requireViewer, safeNext, sendPage } from '../session.js';
import { formString, type FormBody } from '../forms/body.js';
import { isLang } from '../i18n.js';

export async function settingsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/settings', async (_request, reply) => reply.code(303).redirect('/settings/profile'));

  app.get('/settings/password', async (request, reply) => {
    const viewer = await requireViewer(deps, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, 200, passwordPage(ctx, { mustChange: viewer.user.mustChangePassword }));
  });

  app.post<{ Querystring: { next?: string } }>('/settings/password', { preHandler: csrfGuard(app, deps) }, async (request, reply) => {
    const viewer = await requireViewer(deps, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(deps, request, reply);
    const { t } = ctx.tr;
    const body = request.body as FormBody;
    try {
      await changePassword(deps, viewer.user, { current: formString(body, 'current'), next: formString(body, 'next'), confirm: formString(body, 'confirm') }, viewer.sessionId);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'PASSWORD_CHANGE_INVALID') throw e;
      const errors: Record<string, string> = {};
      for (const fe of e.extra.errors ?? []) errors[fe.pointer.slice(1)] = t(`settings.password.errors.${fe.detail}`, { min: 10 });
      return sendPage(reply, 400, passwordPage(ctx, { errors, mustChange: viewer.user.mustChangePassword }));
    }
    request.log.info({ userId: viewer.user.id }, 'password changed');
    return reply.code(303).redirect(`${safeNext(request.query.next, '/home')}${request.query.next ? '' : '?notice=password_changed'}`);
  });

  app.get('/settings/profile', async (request, reply) => {
    const viewer = await requireViewer(deps, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(deps, request, reply);
    const settings = await getUserSettings(deps, viewer.user.id);
    return sendPage(reply, 200, profilePage(ctx, {
      values: { displayName: viewer.actor.displayName, note: htmlToPlainText(viewer.actor.summary ?? ''), uiLanguage: settings.uiLanguage ?? '' },
    }));
  });

  app.post('/settings/profile', { preHandler: csrfGuard(app, deps) }, async (request, reply) => {
    const viewer = await requireViewer(deps, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(deps, request, reply);
    const { t } = ctx.tr;
    const body = request.body as FormBody;
    const values = { displayName: formString(body, 'displayName'), note: formString(body, 'note'), uiLanguage: formString(body, 'uiLanguage') };
    const errors: Record<string, string> = {};
    if ([...values.displayName.trim()].length > PROFILE_LIMITS.displayName) errors.displayName = t('settings.profile.errors.displayNameTooLong', { max: PROFILE_LIMITS.displayName });
    if ([...values.note].length > PROFILE_LIMITS.note) errors.note = t('settings.profile.errors.noteTooLong', { max: PROFILE_LIMITS.note });
    if (values.uiLanguage && !isLang(values.uiLanguage)) errors.uiLanguage = t('settings.profile.errors.uiLanguage');
    if (Object.keys(errors).length) return sendPage(reply, 400, profilePage(ctx, { values, errors }));
    await updateProfile(deps, viewer.user, viewer.actor, { displayName: values.displayName, note: values.note });
    await setUiLanguage(deps, viewer.user.id, values.uiLanguage || null);
    if (isLang(values.uiLanguage)) reply.setCookie(LANG_COOKIE, values.uiLanguage, { ...cookieOptions(deps, 365 * 24 * 3600), httpOnly: false });
    else reply.clearCookie(LANG_COOKIE, cookieOptions(deps));
    return reply.code(303).redirect('/settings/profile?notice=profile_saved');
  });
}
