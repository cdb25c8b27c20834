import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../../activitypub/federation.js';
import { DomainError } from '../../../errors.js';
import type { DomainAction, StaffRole, UserRole } from '../../../store/port.js';
import { assertMayAdminister, adminAreasOf, type AdminArea } from '../../../domain/admin/access.js';
import { inviteAccount, isEmail, issueAccountLink } from '../../../domain/admin/account-links.js';
import { assertUsername } from '../../../domain/accounts/usernames.js';
import { disableAccount, enableAccount, getLocalLogin, listAccounts } from '../../../domain/accounts/accounts.js';
import { ACCESS_ROLES, STAFF_ROLES, setAccountRoles } from '../../../domain/accounts/roles.js';
import { PROFILE_LIMITS } from '../../../domain/accounts/profile.js';
import { listDomainPolicies, removeDomainPolicy, setDomainPolicy, setFederationMode } from '../../../domain/policy/domains.js';
import { addRelay, listRelays, removeRelay } from '../../../domain/relays/relays.js';
import { listReportViews } from '../../../domain/moderation/admin.js';
import { resolveReport } from '../../../domain/moderation/reports.js';
import { forwardReport } from '../../../domain/moderation/forward.js';
import { listAuditEntries } from '../../../domain/admin/audit-log.js';
import { csrfGuard } from '../index.js';
import { forbidden } from '../../../errors.js';
import type { PageContext, SignedIn } from '../context.js';
import { pageContext, requireViewer, sendPage } from '../session.js';
import { formString, type FormBody } from '../forms/body.js';
import {
  adminHome, auditPage, displayNameOf, federationPage, invitePage, linkPage, peoplePage, personPage, relaysPage, reportsPage,
  POLICY_ACTIONS, REASON_MAX, RESOLUTION_MAX, type InviteValues,
} from '../pages/admin.js';

export const AUDIT_PAGE_SIZE = 50;

/**
 * The signed-in viewer when they may use this part of the administration; otherwise a redirect
 * to sign-in (signed out) or the 403 page (signed in without the role). Also shows `?done=`
 * confirmations from the admin catalogue.
 */
export async function adminViewer(deps: FedDeps, request: FastifyRequest, reply: FastifyReply, area: AdminArea): Promise<{ viewer: SignedIn; ctx: PageContext } | null> {
  const viewer = await requireViewer(deps, request, reply);
  if (!viewer) return null;
  assertMayAdminister(viewer.user, area);
  const ctx = await pageContext(deps, request, reply);
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  if (typeof done === 'string' && /^[a-z_]{1,40}$/.test(done) && ctx.tr.has(`admin.notices.${done}`)) ctx.notice = { kind: 'success', text: ctx.tr.t(`admin.notices.${done}`) };
  return { viewer, ctx };
}

const done = (reply: FastifyReply, path: string, key: string) => reply.code(303).header('cache-control', 'no-store').redirect(`${path}?done=${key}`);

const INVITE_ERRORS: Record<string, [string, string]> = {
  USERNAME_INVALID: ['username', 'usernameInvalid'],
  USERNAME_RESERVED: ['username', 'usernameReserved'],
  USERNAME_TAKEN: ['username', 'usernameTaken'],
  EMAIL_INVALID: ['email', 'emailInvalid'],
  EMAIL_TAKEN: ['email', 'emailTaken'],
};

const RELAY_ERRORS: Record<string, string> = {
  RELAY_URL_INVALID: 'invalid', ACTOR_TARGET_INVALID: 'invalid', RELAY_LOCAL: 'local', DOMAIN_BLOCKED: 'blocked',
  ACTOR_NOT_FOUND: 'unreachable', ACTOR_UNREACHABLE: 'unreachable',
};

/** `/admin/*`: the agency's administration (issue 13, points 4 and 5). The same domain functions as the admin API and the CLI. */
export async function adminRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  type UserParams = { Params: { username: string } };
  type IdParams = { Params: { id: string } };

  app.get('/admin', async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const [first] = adminAreasOf(viewer.user);
    if (!first) throw forbidden('ROLE_REQUIRED', 'only moderators and admins may use the administration');
    return reply.code(303).redirect(adminHome(first));
  });

  // ---- People ----
  app.get('/admin/people', async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'people');
    if (!a) return reply;
    return sendPage(reply, 200, peoplePage(a.ctx, await listAccounts(fed)));
  });

  const blankInvite: InviteValues = { username: '', displayName: '', email: '', role: 'user', staffRole: 'author' };

  app.get('/admin/people/invite', async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'people');
    if (!a) return reply;
    return sendPage(reply, 200, invitePage(a.ctx, blankInvite));
  });

  app.post('/admin/people/invite', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'people');
    if (!a) return reply;
    const { t } = a.ctx.tr;
    const body = request.body as FormBody;
    const values: InviteValues = {
      username: formString(body, 'username').trim().replace(/^@/, ''), displayName: formString(body, 'displayName'), email: formString(body, 'email').trim(),
      role: formString(body, 'role'), staffRole: formString(body, 'staffRole'),
    };
    const errors: Record<string, string> = {};
    if (!values.username) errors.username = t('admin.invite.errors.usernameMissing');
    else {
      // The domain's own rules, checked here too so that every problem is listed at once.
      try {
        assertUsername(values.username);
      } catch (e) {
        const known = e instanceof DomainError ? INVITE_ERRORS[e.code] : undefined;
        if (!known) throw e;
        errors.username = t(`admin.invite.errors.${known[1]}`);
      }
    }
    if (values.email && !isEmail(values.email)) errors.email = t('admin.invite.errors.emailInvalid');
    if ([...values.displayName.trim()].length > PROFILE_LIMITS.displayName) errors.displayName = t('admin.invite.errors.displayNameTooLong', { max: PROFILE_LIMITS.displayName });
    if (!ACCESS_ROLES.includes(values.role as UserRole)) errors.role = t('admin.invite.errors.role');
    if (!STAFF_ROLES.includes(values.staffRole as StaffRole)) errors.staffRole = t('admin.invite.errors.staffRole');
    if (Object.keys(errors).length) return sendPage(reply, 400, invitePage(a.ctx, values, errors));
    try {
      const { account, issued } = await inviteAccount(fed, {
        username: values.username, displayName: values.displayName, email: values.email || undefined, role: values.role as UserRole, staffRole: values.staffRole as StaffRole,
        by: a.viewer.actor.username, ip: request.ip,
      });
      return sendPage(reply, 200, linkPage(a.ctx, issued, displayNameOf(account.actor)));
    } catch (e) {
      const known = e instanceof DomainError ? INVITE_ERRORS[e.code] : undefined;
      if (!known) throw e;
      return sendPage(reply, e instanceof DomainError && e.kind === 'conflict' ? 409 : 400, invitePage(a.ctx, values, { [known[0]]: t(`admin.invite.errors.${known[1]}`) }));
    }
  });

  async function person(username: string) {
    const { actor, user } = await getLocalLogin(fed, username);
    if (actor.type !== 'Person') throw new DomainError('not_found', 'ACCOUNT_NOT_FOUND', `no person named "${username}"`);
    return { actor, user, ssoLinked: (await fed.store.identityLinks.listForUser(user.id)).length > 0 };
  }

  app.get<UserParams>('/admin/people/:username', async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'people');
    if (!a) return reply;
    return sendPage(reply, 200, personPage(a.ctx, { account: await person(request.params.username) }));
  });

  app.post<UserParams>('/admin/people/:username/roles', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'people');
    if (!a) return reply;
    const { t } = a.ctx.tr;
    const account = await person(request.params.username);
    const body = request.body as FormBody;
    const values = { role: formString(body, 'role'), staffRole: formString(body, 'staffRole') };
    const errors: Record<string, string> = {};
    if (!ACCESS_ROLES.includes(values.role as UserRole)) errors.role = t('admin.person.errors.role');
    if (!STAFF_ROLES.includes(values.staffRole as StaffRole)) errors.staffRole = t('admin.person.errors.staffRole');
    if (Object.keys(errors).length) return sendPage(reply, 400, personPage(a.ctx, { account, values, errors }));
    try {
      const before = account.user;
      const after = await setAccountRoles(fed, { username: account.actor.username, role: values.role as UserRole, staffRole: values.staffRole as StaffRole, by: a.viewer.actor.username });
      const changed = before.role !== after.role || before.staffRole !== after.staffRole;
      return done(reply, `/admin/people/${encodeURIComponent(account.actor.username)}`, changed ? 'roles_saved' : 'roles_unchanged');
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'LAST_ADMIN') throw e;
      return sendPage(reply, 409, personPage(a.ctx, { account, values, errors: { role: t('admin.person.errors.lastAdmin', { name: displayNameOf(account.actor) }) } }));
    }
  });

  app.post<UserParams>('/admin/people/:username/disable', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'people');
    if (!a) return reply;
    const { t } = a.ctx.tr;
    const account = await person(request.params.username);
    try {
      await disableAccount(fed, account.actor.username, a.viewer.actor.username);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'LAST_ADMIN') throw e;
      return sendPage(reply, 409, personPage(a.ctx, { account, errors: { role: t('admin.person.errors.lastAdmin', { name: displayNameOf(account.actor) }) } }));
    }
    return done(reply, `/admin/people/${encodeURIComponent(account.actor.username)}`, 'disabled');
  });

  app.post<UserParams>('/admin/people/:username/enable', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'people');
    if (!a) return reply;
    const account = await person(request.params.username);
    await enableAccount(fed, account.actor.username, a.viewer.actor.username);
    return done(reply, `/admin/people/${encodeURIComponent(account.actor.username)}`, 'enabled');
  });

  app.post<UserParams>('/admin/people/:username/link', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'people');
    if (!a) return reply;
    const account = await person(request.params.username);
    const issued = await issueAccountLink(fed, { username: account.actor.username, by: a.viewer.actor.username, ip: request.ip });
    return sendPage(reply, 200, linkPage(a.ctx, issued, displayNameOf(account.actor)));
  });

  // ---- Federation policy ----
  app.get('/admin/federation', async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'federation');
    if (!a) return reply;
    return sendPage(reply, 200, federationPage(a.ctx, await listDomainPolicies(fed)));
  });

  app.post('/admin/federation/mode', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'federation');
    if (!a) return reply;
    const mode = formString(request.body as FormBody, 'mode');
    if (mode !== 'open' && mode !== 'allowlist') {
      return sendPage(reply, 400, federationPage(a.ctx, { ...(await listDomainPolicies(fed)), errors: { mode: a.ctx.tr.t('admin.federation.errors.mode') } }));
    }
    await setFederationMode(fed, { mode, by: a.viewer.actor.username, ip: request.ip });
    return done(reply, '/admin/federation', 'mode_saved');
  });

  app.post('/admin/federation/domains', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'federation');
    if (!a) return reply;
    const { t } = a.ctx.tr;
    const body = request.body as FormBody;
    const values = { domain: formString(body, 'domain').trim(), action: formString(body, 'action'), reason: formString(body, 'reason').trim() };
    const errors: Record<string, string> = {};
    if (!values.domain) errors.domain = t('admin.federation.errors.domainMissing');
    if (!(POLICY_ACTIONS as readonly string[]).includes(values.action)) errors.action = t('admin.federation.errors.action');
    if ([...values.reason].length > REASON_MAX) errors.reason = t('admin.federation.errors.reasonTooLong', { max: REASON_MAX });
    const again = async (status: number, errs: Record<string, string>) => sendPage(reply, status, federationPage(a.ctx, { ...(await listDomainPolicies(fed)), values, errors: errs }));
    if (Object.keys(errors).length) return again(400, errors);
    try {
      await setDomainPolicy(fed, { domain: values.domain, action: values.action as DomainAction, reason: values.reason || null, by: a.viewer.actor.username, ip: request.ip });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'DOMAIN_INVALID') return again(400, { domain: t('admin.federation.errors.domainInvalid') });
      if (e instanceof DomainError && e.code === 'DOMAIN_IS_LOCAL') return again(400, { domain: t('admin.federation.errors.domainLocal') });
      throw e;
    }
    return done(reply, '/admin/federation', 'domain_saved');
  });

  app.post('/admin/federation/domains/remove', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'federation');
    if (!a) return reply;
    const domain = formString(request.body as FormBody, 'domain');
    let removed = false;
    try {
      removed = await removeDomainPolicy(fed, { domain, by: a.viewer.actor.username, ip: request.ip });
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'DOMAIN_INVALID') throw e;
    }
    return done(reply, '/admin/federation', removed ? 'domain_removed' : 'domain_not_found');
  });

  // ---- Relays ----
  app.get('/admin/relays', async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'relays');
    if (!a) return reply;
    return sendPage(reply, 200, relaysPage(a.ctx, { relays: await listRelays(fed) }));
  });

  app.post('/admin/relays', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'relays');
    if (!a) return reply;
    const { t } = a.ctx.tr;
    const actor = formString(request.body as FormBody, 'actor').trim();
    const again = async (status: number, message: string) => sendPage(reply, status, relaysPage(a.ctx, { relays: await listRelays(fed), actor, errors: { actor: message } }));
    if (!actor) return again(400, t('admin.relays.errors.missing'));
    if (!/^https?:\/\/\S+$/.test(actor) || actor.length > 500) return again(400, t('admin.relays.errors.invalid'));
    try {
      const { created } = await addRelay(fed, actor, a.viewer.actor.username);
      return done(reply, '/admin/relays', created ? 'relay_added' : 'relay_exists');
    } catch (e) {
      const key = e instanceof DomainError ? RELAY_ERRORS[e.code] : undefined;
      if (!key) throw e;
      return again(key === 'unreachable' ? 502 : 400, t(`admin.relays.errors.${key}`, { detail: (e as DomainError).detail }));
    }
  });

  app.post('/admin/relays/remove', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'relays');
    if (!a) return reply;
    await removeRelay(fed, formString(request.body as FormBody, 'relay'), a.viewer.actor.username);
    return done(reply, '/admin/relays', 'relay_removed');
  });

  // ---- Reports ----
  const openReports = () => listReportViews(fed, { resolved: false, limit: 100 });

  app.get('/admin/reports', async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'reports');
    if (!a) return reply;
    return sendPage(reply, 200, reportsPage(a.ctx, { reports: await openReports() }));
  });

  app.post<IdParams>('/admin/reports/:id/resolve', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'reports');
    if (!a) return reply;
    const body = request.body as FormBody;
    // The field is named per report on the list (unique ids); after an error it is `resolution`.
    const resolution = (formString(body, `resolution-${request.params.id}`) || formString(body, 'resolution')).trim();
    if ([...resolution].length > RESOLUTION_MAX) {
      return sendPage(reply, 400, reportsPage(a.ctx, { reports: await openReports(), failedId: request.params.id, resolution, errors: { resolution: a.ctx.tr.t('admin.reports.errors.resolutionTooLong', { max: RESOLUTION_MAX }) } }));
    }
    if (!/^\d{1,20}$/.test(request.params.id)) throw new DomainError('not_found', 'REPORT_NOT_FOUND', 'no such report');
    await resolveReport(fed, { id: request.params.id, by: a.viewer.actor.username, resolution });
    return done(reply, '/admin/reports', 'report_resolved');
  });

  app.post<IdParams>('/admin/reports/:id/forward', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'reports');
    if (!a) return reply;
    if (!/^\d{1,20}$/.test(request.params.id)) throw new DomainError('not_found', 'REPORT_NOT_FOUND', 'no such report');
    await forwardReport(fed, { id: request.params.id, by: a.viewer.actor.username });
    return done(reply, '/admin/reports', 'report_forwarded');
  });

  // ---- Audit log ----
  app.get<{ Querystring: { before?: string } }>('/admin/audit', async (request, reply) => {
    const a = await adminViewer(fed, request, reply, 'audit');
    if (!a) return reply;
    const before = typeof request.query.before === 'string' && /^\d{1,20}$/.test(request.query.before) ? request.query.before : undefined;
    const { entries, olderThan } = await listAuditEntries(fed, { beforeId: before, limit: AUDIT_PAGE_SIZE });
    return sendPage(reply, 200, auditPage(a.ctx, { entries, olderThan, paged: !!before }));
  });
}
