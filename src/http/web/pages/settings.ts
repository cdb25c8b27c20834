import { html } from '../../../html/escape.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { button, csrfField, errorSummary, selectField, textArea, textField, type FormErrors } from '../components/forms.js';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n.js';

function settingsNav(ctx: PageContext, current: 'profile' | 'password') {
  const { t } = ctx.tr;
  const link = (key: 'profile' | 'password', text: string) =>
    html`<li><a class="ds-link" href="${`/settings/${key}`}"${current === key ? html` aria-current="page"` : ''}>${text}</a></li>`;
  return html`<nav aria-label="${t('settings.nav')}" class="sub-nav"><ul>${link('profile', t('settings.profile.title'))}${link('password', t('settings.password.title'))}</ul></nav>`;
}

export interface PasswordState { errors?: FormErrors; mustChange?: boolean }

export function passwordPage(ctx: PageContext, s: PasswordState): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const body = html`${settingsNav(ctx, 'password')}
<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('settings.password.title')}</h1>
${errorSummary(ctx, errors, ['current', 'next', 'confirm'])}
${s.mustChange ? html`<div class="ds-alert" data-color="warning"><p class="ds-paragraph">${t('settings.password.mustChange')}</p></div>` : ''}
<form method="post" action="/settings/password" class="stack" novalidate>
${csrfField(ctx)}
<input type="text" name="username" value="${ctx.viewer?.actor.username ?? ''}" autocomplete="username" hidden>
${textField(ctx, { name: 'current', label: t('settings.password.current'), type: 'password', autocomplete: 'current-password', required: true, error: errors.current })}
${textField(ctx, { name: 'next', label: t('settings.password.next'), hint: t('settings.password.nextHint', { min: 10 }), type: 'password', autocomplete: 'new-password', required: true, error: errors.next })}
${textField(ctx, { name: 'confirm', label: t('settings.password.confirm'), type: 'password', autocomplete: 'new-password', required: true, error: errors.confirm })}
<p class="ds-paragraph">${t('settings.password.endsSessions')}</p>
<div class="actions">${button(t('settings.password.submit'))}</div>
</form>
</div>`;
  return renderPage(ctx, { title: t('settings.password.title'), body, hasErrors: Object.keys(errors).length > 0, section: 'settings' });
}

export interface ProfileState {
  values: { displayName: string; note: string; uiLanguage: string };
  errors?: FormErrors;
}

export function profilePage(ctx: PageContext, s: ProfileState): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const handle = ctx.viewer ? `@${ctx.viewer.actor.username}@${ctx.deps.urls.host}` : '';
  const body = html`${settingsNav(ctx, 'profile')}
<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('settings.profile.title')}</h1>
<p class="ds-paragraph">${t('settings.profile.handle', { handle })}</p>
${errorSummary(ctx, errors, ['displayName', 'note', 'uiLanguage'])}
<form method="post" action="/settings/profile" class="stack" novalidate>
${csrfField(ctx)}
${textField(ctx, { name: 'displayName', label: t('settings.profile.displayName'), hint: t('settings.profile.displayNameHint', { max: 30 }), value: s.values.displayName, autocomplete: 'name', error: errors.displayName })}
${textArea(ctx, { name: 'note', label: t('settings.profile.note'), hint: t('settings.profile.noteHint', { max: 500 }), value: s.values.note, rows: 4, error: errors.note })}
${selectField(ctx, { name: 'uiLanguage', label: t('settings.profile.uiLanguage'), hint: t('settings.profile.uiLanguageHint'), value: s.values.uiLanguage, blank: t('settings.profile.uiLanguageBrowser'), options: LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })), error: errors.uiLanguage })}
<div class="actions">${button(t('settings.profile.submit'))}</div>
</form>
</div>`;
  return renderPage(ctx, { title: t('settings.profile.title'), body, hasErrors: Object.keys(errors).length > 0, section: 'settings' });
}
