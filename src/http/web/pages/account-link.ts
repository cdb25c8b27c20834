import { html } from '../../../html/escape.js';
import type { AccountLinkPurpose } from '../../../store/port.js';
import { MIN_PASSWORD_LENGTH } from '../../../domain/accounts/accounts.js';
import type { PageContext } from '../context.js';
import { renderPage, siteName } from '../components/layout.js';
import { button, csrfField, errorSummary, textField, type FormErrors } from '../components/forms.js';

/** `/auth/link/<secret>`: choose a password through an invitation or a reset link. */
export function accountLinkPage(ctx: PageContext, s: { action: string; purpose: AccountLinkPurpose; username: string; errors?: FormErrors }): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const site = siteName(ctx);
  const title = s.purpose === 'invite' ? t('admin.accountLink.inviteTitle', { site }) : t('admin.accountLink.resetTitle');
  const body = html`<div class="narrow-page">
${errorSummary(ctx, errors, ['password', 'confirm'])}
<h1 class="ds-heading" data-size="lg">${title}</h1>
<p class="ds-paragraph">${s.purpose === 'invite' ? t('admin.accountLink.inviteText', { username: s.username }) : t('admin.accountLink.resetText', { username: s.username })}</p>
<form method="post" action="${s.action}" class="stack" novalidate>
${csrfField(ctx)}
<input type="text" name="username" value="${s.username}" autocomplete="username" hidden>
${textField(ctx, { name: 'password', label: t('admin.accountLink.password'), hint: t('admin.accountLink.passwordHint', { min: MIN_PASSWORD_LENGTH }), type: 'password', autocomplete: 'new-password', required: true, error: errors.password })}
${textField(ctx, { name: 'confirm', label: t('admin.accountLink.confirm'), type: 'password', autocomplete: 'new-password', required: true, error: errors.confirm })}
<div class="actions">${button(t('admin.accountLink.submit'))}</div>
</form>
</div>`;
  return renderPage(ctx, { title, body, hasErrors: Object.keys(errors).length > 0 });
}

export function accountLinkGonePage(ctx: PageContext): string {
  const { t } = ctx.tr;
  const body = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('admin.accountLink.goneTitle')}</h1>
<p class="ds-paragraph">${t('admin.accountLink.goneText', { site: siteName(ctx) })}</p>
<p class="ds-paragraph"><a class="ds-link" href="/">${t('errors.toFront')}</a></p>
</div>`;
  return renderPage(ctx, { title: t('admin.accountLink.goneTitle'), body });
}
