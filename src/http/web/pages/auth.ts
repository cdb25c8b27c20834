import { html } from '../../../html/escape.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { button, csrfField, errorSummary, textField, type FormErrors } from '../components/forms.js';

export interface SignInState {
  login?: string;
  next: string;
  errors?: FormErrors;
  /** A problem that is not one field's: throttled, disabled. */
  alert?: string;
}

export function signInPage(ctx: PageContext, s: SignInState): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const body = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('auth.signIn.title')}</h1>
${errorSummary(ctx, errors, ['login', 'password'])}
${s.alert ? html`<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">${s.alert}</p></div>` : ''}
<form method="post" action="/auth/sign_in" class="stack" novalidate>
${csrfField(ctx)}
<input type="hidden" name="next" value="${s.next}">
${textField(ctx, { name: 'login', label: t('auth.signIn.login'), hint: t('auth.signIn.loginHint', { host: ctx.deps.urls.host }), value: s.login, autocomplete: 'username', spellcheck: false, required: true, error: errors.login })}
${textField(ctx, { name: 'password', label: t('auth.signIn.password'), type: 'password', autocomplete: 'current-password', required: true, error: errors.password })}
<div class="actions">${button(t('auth.signIn.submit'))}</div>
</form>
<p class="ds-paragraph">${t('auth.signIn.forgotten')}</p>
</div>`;
  return renderPage(ctx, { title: t('auth.signIn.title'), body, hasErrors: Object.keys(errors).length > 0 || !!s.alert });
}
