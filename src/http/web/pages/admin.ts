import { html, type SafeHtml } from '../../../html/escape.js';
import type { AuditEntry, DomainPolicy, Relay } from '../../../store/port.js';
import type { AccountView } from '../../../domain/accounts/accounts.js';
import type { ReportView } from '../../../domain/moderation/admin.js';
import type { FederationMode } from '../../../domain/policy/domains.js';
import { adminAreasOf, type AdminArea } from '../../../domain/admin/access.js';
import { isInvited, type IssuedLink } from '../../../domain/admin/account-links.js';
import { ACCESS_ROLES, STAFF_ROLES } from '../../../domain/accounts/roles.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { button, choiceGroup, csrfField, errorSummary, selectField, textField, type FormErrors } from '../components/forms.js';

const AREA_PATHS: Record<AdminArea, string> = {
  people: '/admin/people', federation: '/admin/federation', relays: '/admin/relays', reports: '/admin/reports', audit: '/admin/audit', profile: '/admin/profile',
};

export function adminHome(area: AdminArea): string {
  return AREA_PATHS[area];
}

/** The administration's own menu: only the parts the viewer may use. */
function adminNav(ctx: PageContext, current: AdminArea): SafeHtml {
  const { t } = ctx.tr;
  const areas = adminAreasOf(ctx.viewer?.user);
  return html`<nav aria-label="${t('admin.nav')}" class="sub-nav"><ul>${areas.map((a) =>
    html`<li><a class="ds-link" href="${AREA_PATHS[a]}"${a === current ? html` aria-current="page"` : ''}>${t(`admin.areas.${a}`)}</a></li>`)}</ul></nav>`;
}

export const adminNavFor = adminNav;

function adminPage(ctx: PageContext, area: AdminArea, title: string, body: SafeHtml, hasErrors = false): string {
  return renderPage(ctx, { title, body: html`${adminNav(ctx, area)}${body}`, hasErrors, section: 'admin' });
}

export const displayNameOf = (a: { displayName: string; username: string }) => a.displayName || a.username;

export function accountStatus(user: AccountView['user'], ssoLinked = false): 'active' | 'disabled' | 'invited' {
  if (!user) return 'active';
  return user.disabledAt ? 'disabled' : isInvited(user, ssoLinked) ? 'invited' : 'active';
}

const personHref = (username: string) => `/admin/people/${encodeURIComponent(username)}`;

// ---- People -------------------------------------------------------------------------------

export function peoplePage(ctx: PageContext, accounts: AccountView[]): string {
  const { t } = ctx.tr;
  const rows = accounts.filter((a) => a.user && a.actor.type === 'Person');
  const body = html`<h1 class="ds-heading" data-size="lg" id="people-heading">${t('admin.people.title')}</h1>
<p class="ds-paragraph">${t('admin.people.intro')}</p>
<p class="ds-paragraph"><a class="ds-button" data-variant="primary" href="/admin/people/invite">${t('admin.people.invite')}</a></p>
${rows.length ? html`<div class="table-scroll" role="region" tabindex="0" aria-label="${t('admin.people.tableLabel')}"><table class="ds-table">
<caption class="ds-sr-only">${t('admin.people.tableLabel')}</caption>
<thead><tr><th scope="col">${t('admin.people.name')}</th><th scope="col">${t('admin.people.username')}</th><th scope="col">${t('admin.people.role')}</th><th scope="col">${t('admin.people.staffRole')}</th><th scope="col">${t('admin.people.status')}</th><th scope="col">${t('admin.people.lastActive')}</th></tr></thead>
<tbody>
${rows.map(({ actor, user, ssoLinked }) => html`<tr>
<th scope="row"><a class="ds-link" href="${personHref(actor.username)}">${displayNameOf(actor)}</a></th>
<td>${actor.username}</td>
<td>${t(`admin.roles.${user!.role}`)}</td>
<td>${t(`admin.staffRoles.${user!.staffRole}`)}</td>
<td>${t(`admin.status.${accountStatus(user, ssoLinked)}`)}</td>
<td>${user!.lastActiveAt ? ctx.tr.date(user!.lastActiveAt) : t('admin.never')}</td>
</tr>`)}
</tbody></table></div>` : html`<p class="ds-paragraph">${t('admin.people.empty')}</p>`}`;
  return adminPage(ctx, 'people', t('admin.people.title'), body);
}

export interface InviteValues { username: string; displayName: string; email: string; role: string; staffRole: string }

const roleOptions = (ctx: PageContext) => ACCESS_ROLES.map((r) => ({ value: r, label: ctx.tr.t(`admin.roles.${r}`) }));
const staffRoleOptions = (ctx: PageContext) => STAFF_ROLES.map((r) => ({ value: r, label: ctx.tr.t(`admin.staffRoles.${r}`) }));

export function invitePage(ctx: PageContext, values: InviteValues, errors: FormErrors = {}): string {
  const { t } = ctx.tr;
  const body = html`<div class="narrow-page">
${errorSummary(ctx, errors, ['username', 'displayName', 'email', 'role', 'staffRole'])}
<h1 class="ds-heading" data-size="lg">${t('admin.invite.title')}</h1>
<p class="ds-paragraph">${t('admin.invite.intro')}</p>
<form method="post" action="/admin/people/invite" class="stack" novalidate>
${csrfField(ctx)}
${textField(ctx, { name: 'username', label: t('admin.invite.username'), hint: t('admin.invite.usernameHint'), value: values.username, required: true, spellcheck: false, autocomplete: 'off', maxlength: 30, error: errors.username })}
${textField(ctx, { name: 'displayName', label: t('admin.invite.displayName'), hint: t('admin.invite.displayNameHint'), value: values.displayName, autocomplete: 'off', error: errors.displayName })}
${textField(ctx, { name: 'email', label: t('admin.invite.email'), hint: t('admin.invite.emailHint'), value: values.email, type: 'email', spellcheck: false, autocomplete: 'off', error: errors.email })}
${selectField(ctx, { name: 'role', label: t('admin.invite.role'), hint: t('admin.invite.roleHint'), value: values.role, options: roleOptions(ctx), required: true, error: errors.role })}
${selectField(ctx, { name: 'staffRole', label: t('admin.invite.staffRole'), hint: t('admin.invite.staffRoleHint'), value: values.staffRole, options: staffRoleOptions(ctx), required: true, error: errors.staffRole })}
<div class="actions">${button(t('admin.invite.submit'))}</div>
</form>
</div>`;
  return adminPage(ctx, 'people', t('admin.invite.title'), body, Object.keys(errors).length > 0);
}

/** The link, shown once: the page is never cached (sendPage) and the link is not stored in clear. */
export function linkPage(ctx: PageContext, issued: IssuedLink, name: string): string {
  const { t } = ctx.tr;
  const until = ctx.tr.date(issued.link.expiresAt);
  const body = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('admin.link.title', { name })}</h1>
<p class="ds-paragraph">${issued.link.purpose === 'invite' ? t('admin.link.inviteText', { name, until }) : t('admin.link.resetText', { name, until })}</p>
<div class="ds-field">
<label class="ds-label" for="one-time-link">${t('admin.link.label')}</label>
<input class="ds-input" id="one-time-link" type="text" readonly value="${issued.url}" spellcheck="false" autocomplete="off">
</div>
<div class="ds-alert" data-color="warning"><p class="ds-paragraph">${t('admin.link.onceWarning')}</p></div>
${issued.mailedTo ? html`<p class="ds-paragraph">${t('admin.link.mailed', { email: issued.mailedTo })}</p>` : ''}
${issued.mailError ? html`<div class="ds-alert" data-color="danger"><p class="ds-paragraph">${t('admin.link.mailFailed')}</p></div>` : ''}
<p class="ds-paragraph"><a class="ds-link" href="${personHref(issued.username)}">${t('admin.link.back', { name })}</a></p>
</div>`;
  return adminPage(ctx, 'people', t('admin.link.title', { name }), body);
}

export interface PersonState {
  account: { actor: AccountView['actor']; user: NonNullable<AccountView['user']>; ssoLinked?: boolean };
  values?: { role: string; staffRole: string };
  errors?: FormErrors;
}

export function personPage(ctx: PageContext, s: PersonState): string {
  const { t } = ctx.tr;
  const { actor, user } = s.account;
  const errors = s.errors ?? {};
  const name = displayNameOf(actor);
  const base = personHref(actor.username);
  const status = accountStatus(user, s.account.ssoLinked);
  const values = s.values ?? { role: user.role, staffRole: user.staffRole };
  const linkSection = user.disabledAt
    ? html`<p class="ds-paragraph">${t('admin.person.disabledNoLink')}</p>`
    : html`<p class="ds-paragraph">${status === 'invited' ? t('admin.person.inviteText') : t('admin.person.resetText')}</p>
<form method="post" action="${`${base}/link`}" class="inline">${csrfField(ctx)}${button(status === 'invited' ? t('admin.person.reinvite') : t('admin.person.reset'), { variant: 'secondary' })}</form>`;
  const body = html`${errorSummary(ctx, errors, ['role', 'staffRole'])}
<h1 class="ds-heading" data-size="lg">${name}</h1>
<section aria-labelledby="details-heading">
<h2 class="ds-heading" data-size="sm" id="details-heading">${t('admin.person.details')}</h2>
<dl class="fields">
<dt>${t('admin.people.username')}</dt><dd>${actor.username}</dd>
<dt>${t('admin.person.email')}</dt><dd>${user.email ?? t('admin.person.noEmail')}</dd>
<dt>${t('admin.people.status')}</dt><dd>${t(`admin.status.${status}`)}</dd>
<dt>${t('admin.people.lastActive')}</dt><dd>${user.lastActiveAt ? ctx.tr.date(user.lastActiveAt) : t('admin.never')}</dd>
<dt>${t('admin.person.created')}</dt><dd>${ctx.tr.date(user.createdAt)}</dd>
</dl>
</section>
<section aria-labelledby="roles-heading" class="narrow-page">
<h2 class="ds-heading" data-size="sm" id="roles-heading">${t('admin.person.rolesHeading')}</h2>
<form method="post" action="${`${base}/roles`}" class="stack" novalidate>
${csrfField(ctx)}
${selectField(ctx, { name: 'role', label: t('admin.invite.role'), hint: t('admin.invite.roleHint'), value: values.role, options: roleOptions(ctx), required: true, error: errors.role })}
${selectField(ctx, { name: 'staffRole', label: t('admin.invite.staffRole'), hint: t('admin.invite.staffRoleHint'), value: values.staffRole, options: staffRoleOptions(ctx), required: true, error: errors.staffRole })}
<div class="actions">${button(t('admin.person.rolesSubmit'))}</div>
</form>
</section>
<section aria-labelledby="password-heading" class="narrow-page">
<h2 class="ds-heading" data-size="sm" id="password-heading">${t('admin.person.resetHeading')}</h2>
${linkSection}
</section>
<section aria-labelledby="access-heading" class="narrow-page">
<h2 class="ds-heading" data-size="sm" id="access-heading">${t('admin.person.accessHeading')}</h2>
${user.disabledAt
    ? html`<p class="ds-paragraph">${t('admin.person.enableText')}</p><form method="post" action="${`${base}/enable`}" class="inline">${csrfField(ctx)}${button(t('admin.person.enable'), { variant: 'secondary' })}</form>`
    : html`<p class="ds-paragraph">${t('admin.person.disableText')}</p><form method="post" action="${`${base}/disable`}" class="inline">${csrfField(ctx)}${button(t('admin.person.disable'), { variant: 'secondary', color: 'danger' })}</form>`}
</section>`;
  return adminPage(ctx, 'people', name, body, Object.keys(errors).length > 0);
}

// ---- Federation ---------------------------------------------------------------------------

export interface FederationState {
  mode: FederationMode;
  policies: DomainPolicy[];
  values?: { domain: string; action: string; reason: string };
  errors?: FormErrors;
}

export const POLICY_ACTIONS = ['block', 'silence', 'allow'] as const;
export const REASON_MAX = 500;

export function federationPage(ctx: PageContext, s: FederationState): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const v = s.values ?? { domain: '', action: 'block', reason: '' };
  const body = html`${errorSummary(ctx, errors, ['mode', 'domain', 'action', 'reason'])}
<h1 class="ds-heading" data-size="lg">${t('admin.federation.title')}</h1>
<p class="ds-paragraph">${t('admin.federation.intro')}</p>
<section aria-labelledby="mode-heading" class="narrow-page">
<h2 class="ds-heading" data-size="md" id="mode-heading">${t('admin.federation.modeHeading')}</h2>
<form method="post" action="/admin/federation/mode" class="stack" novalidate>
${csrfField(ctx)}
${choiceGroup(ctx, { name: 'mode', legend: t('admin.federation.modeLegend'), type: 'radio', values: [s.mode], required: true, error: errors.mode, options: (['open', 'allowlist'] as const).map((m) => ({ value: m, label: t(`admin.federation.mode.${m}`) })) })}
<div class="actions">${button(t('admin.federation.modeSubmit'))}</div>
</form>
</section>
<section aria-labelledby="add-rule-heading" class="narrow-page">
<h2 class="ds-heading" data-size="md" id="add-rule-heading">${t('admin.federation.addHeading')}</h2>
<form method="post" action="/admin/federation/domains" class="stack" novalidate>
${csrfField(ctx)}
${textField(ctx, { name: 'domain', label: t('admin.federation.domain'), hint: t('admin.federation.domainHint'), value: v.domain, required: true, spellcheck: false, autocomplete: 'off', maxlength: 300, error: errors.domain })}
${selectField(ctx, { name: 'action', label: t('admin.federation.action'), value: v.action, required: true, options: POLICY_ACTIONS.map((a) => ({ value: a, label: t(`admin.federation.actions.${a}`) })), error: errors.action })}
${textField(ctx, { name: 'reason', label: t('admin.federation.reason'), hint: t('admin.federation.reasonHint'), value: v.reason, maxlength: REASON_MAX, error: errors.reason })}
<div class="actions">${button(t('admin.federation.addSubmit'))}</div>
</form>
</section>
<section aria-labelledby="rules-heading">
<h2 class="ds-heading" data-size="md" id="rules-heading">${t('admin.federation.listHeading')}</h2>
${s.policies.length ? html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="rules-heading"><table class="ds-table" aria-labelledby="rules-heading">
<thead><tr><th scope="col">${t('admin.federation.domain')}</th><th scope="col">${t('admin.federation.action')}</th><th scope="col">${t('admin.federation.reason')}</th><th scope="col">${t('admin.federation.since')}</th><th scope="col">${t('admin.federation.by')}</th><th scope="col"><span class="ds-sr-only">${t('admin.federation.remove')}</span></th></tr></thead>
<tbody>
${s.policies.map((p) => html`<tr>
<th scope="row">${p.domain}</th><td>${t(`admin.federation.actionShort.${p.action}`)}</td><td>${p.reason ?? ''}</td><td>${ctx.tr.date(p.createdAt)}</td><td>${p.createdBy}</td>
<td><form method="post" action="/admin/federation/domains/remove" class="inline">${csrfField(ctx)}<input type="hidden" name="domain" value="${p.domain}"><button type="submit" class="ds-button" data-variant="secondary" data-size="sm" aria-label="${t('admin.federation.removeNamed', { domain: p.domain })}">${t('admin.federation.remove')}</button></form></td>
</tr>`)}
</tbody></table></div>` : html`<p class="ds-paragraph">${t('admin.federation.empty')}</p>`}
</section>`;
  return adminPage(ctx, 'federation', t('admin.federation.title'), body, Object.keys(errors).length > 0);
}

// ---- Relays -------------------------------------------------------------------------------

export function relaysPage(ctx: PageContext, s: { relays: Relay[]; actor?: string; errors?: FormErrors }): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const body = html`${errorSummary(ctx, errors, ['actor'])}
<h1 class="ds-heading" data-size="lg">${t('admin.relays.title')}</h1>
<p class="ds-paragraph">${t('admin.relays.intro')}</p>
<section aria-labelledby="join-heading" class="narrow-page">
<h2 class="ds-heading" data-size="md" id="join-heading">${t('admin.relays.addHeading')}</h2>
<form method="post" action="/admin/relays" class="stack" novalidate>
${csrfField(ctx)}
${textField(ctx, { name: 'actor', label: t('admin.relays.actor'), hint: t('admin.relays.actorHint'), value: s.actor ?? '', type: 'url', required: true, spellcheck: false, autocomplete: 'off', maxlength: 500, error: errors.actor })}
<div class="actions">${button(t('admin.relays.addSubmit'))}</div>
</form>
</section>
<section aria-labelledby="relays-heading">
<h2 class="ds-heading" data-size="md" id="relays-heading">${t('admin.relays.listHeading')}</h2>
${s.relays.length ? html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="relays-heading"><table class="ds-table" aria-labelledby="relays-heading">
<thead><tr><th scope="col">${t('admin.relays.actor')}</th><th scope="col">${t('admin.relays.state')}</th><th scope="col">${t('admin.relays.since')}</th><th scope="col"><span class="ds-sr-only">${t('admin.relays.remove')}</span></th></tr></thead>
<tbody>
${s.relays.map((r) => html`<tr>
<th scope="row" class="handle">${r.actorUri}</th><td>${t(`admin.relays.states.${r.state}`)}</td><td>${ctx.tr.date(r.updatedAt)}</td>
<td><form method="post" action="/admin/relays/remove" class="inline">${csrfField(ctx)}<input type="hidden" name="relay" value="${r.id}"><button type="submit" class="ds-button" data-variant="secondary" data-size="sm" aria-label="${t('admin.relays.removeNamed', { relay: r.actorUri })}">${t('admin.relays.remove')}</button></form></td>
</tr>`)}
</tbody></table></div>` : html`<p class="ds-paragraph">${t('admin.relays.empty')}</p>`}
</section>`;
  return adminPage(ctx, 'relays', t('admin.relays.title'), body, Object.keys(errors).length > 0);
}

// ---- Reports ------------------------------------------------------------------------------

const handleOf = (ctx: PageContext, a: { username: string; domain: string | null }) => `@${a.username}@${a.domain ?? ctx.deps.urls.host}`;

export const RESOLUTION_MAX = 500;

export function reportsPage(ctx: PageContext, s: { reports: ReportView[]; errors?: FormErrors; failedId?: string; resolution?: string }): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const body = html`${errorSummary(ctx, errors)}
<h1 class="ds-heading" data-size="lg">${t('admin.reports.title')}</h1>
<p class="ds-paragraph">${t('admin.reports.intro')}</p>
${s.reports.length ? html`<ul class="ds-list report-list">${s.reports.map((v) => {
    const r = v.report;
    const target = handleOf(ctx, v.target);
    const hid = `report-${r.id}`;
    const failed = s.failedId === r.id;
    return html`<li><article aria-labelledby="${hid}" class="report">
<h2 class="ds-heading" data-size="sm" id="${hid}">${t('admin.reports.heading', { target })}</h2>
<dl class="fields">
<dt>${t('admin.reports.reporter')}</dt><dd>${r.remoteFlagUri ? t('admin.reports.remote') : handleOf(ctx, v.reporter)}</dd>
<dt>${t('admin.reports.category')}</dt><dd>${t(`admin.reports.categories.${r.category}`)}</dd>
<dt>${t('admin.reports.comment')}</dt><dd>${r.comment || t('admin.reports.noComment')}</dd>
<dt>${t('admin.reports.posts')}</dt><dd>${ctx.tr.number(r.objectUris.length)}</dd>
<dt>${t('admin.reports.received')}</dt><dd>${ctx.tr.date(r.createdAt)}</dd>
${r.forwardedAt && v.target.domain ? html`<dt>${t('admin.reports.forwarded', { domain: v.target.domain })}</dt><dd>${ctx.tr.date(r.forwardedAt)}</dd>` : ''}
</dl>
<form method="post" action="${`/admin/reports/${r.id}/resolve`}" class="stack" novalidate>
${csrfField(ctx)}
${textField(ctx, { name: failed ? 'resolution' : `resolution-${r.id}`, label: t('admin.reports.resolution'), hint: t('admin.reports.resolutionHint'), value: failed ? s.resolution ?? '' : '', maxlength: RESOLUTION_MAX, error: failed ? errors.resolution : undefined })}
<div class="actions">${button(t('admin.reports.resolve'))}</div>
</form>
${v.target.domain && !r.forwardedAt && !r.remoteFlagUri ? html`<p class="ds-paragraph">${t('admin.reports.forwardText', { domain: v.target.domain })}</p>
<form method="post" action="${`/admin/reports/${r.id}/forward`}" class="inline">${csrfField(ctx)}${button(t('admin.reports.forward', { domain: v.target.domain }), { variant: 'secondary' })}</form>` : ''}
</article></li>`;
  })}</ul>` : html`<p class="ds-paragraph">${t('admin.reports.empty')}</p>`}`;
  return adminPage(ctx, 'reports', t('admin.reports.title'), body, Object.keys(errors).length > 0);
}

// ---- Audit log ----------------------------------------------------------------------------

export function auditPage(ctx: PageContext, s: { entries: AuditEntry[]; olderThan: string | null; paged: boolean }): string {
  const { t } = ctx.tr;
  const body = html`<h1 class="ds-heading" data-size="lg" id="audit-heading">${t('admin.audit.title')}</h1>
<p class="ds-paragraph">${t('admin.audit.intro')}</p>
${s.entries.length ? html`<div class="table-scroll" role="region" tabindex="0" aria-label="${t('admin.audit.tableLabel')}"><table class="ds-table audit">
<caption class="ds-sr-only">${t('admin.audit.tableLabel')}</caption>
<thead><tr><th scope="col">${t('admin.audit.at')}</th><th scope="col">${t('admin.audit.actor')}</th><th scope="col">${t('admin.audit.action')}</th><th scope="col">${t('admin.audit.target')}</th><th scope="col">${t('admin.audit.details')}</th></tr></thead>
<tbody>
${s.entries.map((e) => html`<tr><td><time datetime="${e.at}">${ctx.tr.date(e.at)} ${e.at.slice(11, 19)}</time></td><td>${e.actor}</td><td><code>${e.action}</code></td><td class="handle">${e.target ?? ''}</td><td class="handle">${Object.keys(e.details).length ? JSON.stringify(e.details) : ''}${e.ip ? ` (${e.ip})` : ''}</td></tr>`)}
</tbody></table></div>` : html`<p class="ds-paragraph">${t('admin.audit.empty')}</p>`}
<nav aria-label="${t('admin.audit.title')}"><ul class="inline-list">
${s.paged ? html`<li><a class="ds-link" href="/admin/audit">${t('admin.audit.newest')}</a></li>` : ''}
${s.olderThan ? html`<li><a class="ds-link" rel="next" href="${`/admin/audit?before=${encodeURIComponent(s.olderThan)}`}">${t('admin.audit.older')}</a></li>` : ''}
</ul></nav>`;
  return adminPage(ctx, 'audit', t('admin.audit.title'), body);
}

