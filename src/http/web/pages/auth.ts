import { html, type SafeHtml } from '../../../html/escape.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { button, csrfField, errorSummary, textField, type FormErrors } from '../components/forms.js';
import { oidcEnabled, passwordSignInAllowed, type OidcFailure } from '../../../domain/auth/oidc.js';

export interface SignInState {
  login?: string;
  next: string;
  errors?: FormErrors;
  /** A problem that is not one field's: throttled, disabled. */
  alert?: string;
}

/** "Sign in with <the provider's name>", or a generic label when the admin gave no name. */
export function ssoButtonLabel(ctx: PageContext): string {
  const name = ctx.deps.config.oidc.displayName.trim();
  return name ? ctx.tr.t('auth.oidc.button', { name }) : ctx.tr.t('auth.oidc.buttonGeneric');
}

/** The single sign-on link, coming back to `next` (a local path) after signing in; empty when SSO is off. */
export function ssoButton(ctx: PageContext, next: string, variant: 'primary' | 'secondary' = 'primary'): SafeHtml | '' {
  if (!oidcEnabled(ctx.deps.config)) return '';
  return html`<p class="sso"><a class="ds-button" data-variant="${variant}" href="${`/auth/oidc/start?next=${encodeURIComponent(next)}`}">${ssoButtonLabel(ctx)}</a></p>`;
}

export function signInPage(ctx: PageContext, s: SignInState): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const passwords = passwordSignInAllowed(ctx.deps.config);
  const sso = ssoButton(ctx, s.next);
  const body = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('auth.signIn.title')}</h1>
${errorSummary(ctx, errors, ['login', 'password'])}
${s.alert ? html`<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">${s.alert}</p></div>` : ''}
${sso}
${passwords ? html`${sso ? html`<h2 class="ds-heading" data-size="xs">${t('auth.oidc.orPassword')}</h2>` : ''}
<form method="post" action="/auth/sign_in" class="stack" novalidate>
${csrfField(ctx)}
<input type="hidden" name="next" value="${s.next}">
${textField(ctx, { name: 'login', label: t('auth.signIn.login'), hint: t('auth.signIn.loginHint', { host: ctx.deps.urls.host }), value: s.login, autocomplete: 'username', spellcheck: false, required: true, error: errors.login })}
${textField(ctx, { name: 'password', label: t('auth.signIn.password'), type: 'password', autocomplete: 'current-password', required: true, error: errors.password })}
<div class="actions">${button(sso ? t('auth.oidc.passwordSubmit') : t('auth.signIn.submit'), { variant: sso ? 'secondary' : 'primary' })}</div>
</form>
<p class="ds-paragraph">${t('auth.signIn.forgotten')}</p>` : ''}
</div>`;
  return renderPage(ctx, { title: t('auth.signIn.title'), body, hasErrors: Object.keys(errors).length > 0 || !!s.alert });
}

/** A refused single sign-on: what happened in plain words, and the way back to sign-in. */
export function oidcErrorPage(ctx: PageContext, reason: OidcFailure, providerError?: string): string {
  const { t } = ctx.tr;
  const name = ctx.deps.config.oidc.displayName.trim() || t('auth.oidc.genericName');
  const body = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('auth.oidc.failed.title')}</h1>
<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph" id="oidc-failure" data-reason="${reason}">${t(`auth.oidc.failed.${reason}`, { name })}</p>
${providerError ? html`<p class="ds-paragraph">${t('auth.oidc.failed.providerSaid')} <code>${providerError}</code></p>` : ''}</div>
<p class="ds-paragraph"><a class="ds-link" href="/auth/sign_in">${t('auth.oidc.failed.back')}</a></p>
</div>`;
  return renderPage(ctx, { title: t('auth.oidc.failed.title'), body, hasErrors: true });
}
