import type { FastifyReply } from 'fastify';
import type { ValidAuthorization } from '../../../domain/oauth/authorize.js';
import { html, type SafeHtml } from '../../../html/escape.js';
import type { PageContext } from '../../web/context.js';
import { renderPage } from '../../web/components/layout.js';
import { fieldId } from '../../web/components/forms.js';
import { ssoButton } from '../../web/pages/auth.js';
import { passwordSignInAllowed } from '../../../domain/auth/oidc.js';

/** What each scope lets an app do, in words a member of staff can judge. */
function describeScope(ctx: PageContext, scope: string): string {
  const { t, has } = ctx.tr;
  const key = `oauth.scopes.${scope.replace(/:/g, '_')}`;
  if (has(key)) return t(key);
  const [mode, what] = scope.split(':', 2);
  if ((mode === 'read' || mode === 'write') && what) return t(`oauth.scopes.${mode}Some`, { what: what.replace(/_/g, ' ') });
  return scope;
}

/**
 * Headers every OAuth page carries: never cached, never framed (clickjacking the consent button).
 * No form-action here: approving redirects the form's POST to the app's own redirect URI, which a
 * form-action of 'self' would block in browsers that check redirects.
 */
export function sendPage(reply: FastifyReply, status: number, markup: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'")
    .send(markup);
}

export interface LoginFormState {
  auth: ValidAuthorization;
  csrfToken: string;
  /** This page's own GET address: single sign-on comes back here to ask for consent. */
  returnTo: string;
  username?: string;
  error?: string;
}

/**
 * The login + consent page: who asks, for what, and a form that sends every authorize parameter
 * back. Signed in to the web app already (a password or single sign-on), it only asks for consent;
 * signed out, it offers single sign-on (which returns here) and, unless turned off, the password.
 */
export function renderAuthorizePage(ctx: PageContext, state: LoginFormState): string {
  const { t } = ctx.tr;
  const { auth } = state;
  const hidden = (name: string, value: string | null) => (value === null ? '' : html`<input type="hidden" name="${name}" value="${value}">`);
  const viewer = ctx.viewer;
  // Signed in: consent only. Signed out: the password fields unless password sign-in is off.
  const passwords = !viewer && passwordSignInAllowed(ctx.deps.config);
  const described = state.error ? html` aria-describedby="${`${fieldId('username')}-error`}" aria-invalid="true"` : '';
  const body: SafeHtml = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('oauth.authorize.title', { app: auth.app.name })}</h1>
<p class="ds-paragraph"><strong>${auth.app.name}</strong>${auth.app.website ? html` (<a class="ds-link" href="${auth.app.website}" rel="noopener noreferrer">${auth.app.website}</a>)` : ''}
${t('oauth.authorize.wants', { host: ctx.deps.urls.host })}</p>
<ul class="ds-list scopes">${auth.scopes.map((s) => html`<li>${describeScope(ctx, s)} <code>${s}</code></li>`)}</ul>
${state.error ? html`<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">${state.error}</p></div>` : ''}
${viewer ? '' : ssoButton(ctx, state.returnTo)}
<form class="stack" method="post" action="/oauth/authorize">
${hidden('authenticity_token', state.csrfToken)}
${hidden('response_type', 'code')}
${hidden('client_id', auth.app.clientId)}
${hidden('redirect_uri', auth.redirectUri)}
${hidden('scope', auth.scopes.join(' '))}
${hidden('state', auth.state)}
${hidden('code_challenge', auth.codeChallenge)}
${hidden('code_challenge_method', auth.codeChallengeMethod)}
${viewer ? html`<p class="ds-paragraph" id="signed-in-as">${t('oauth.authorize.signedInAs', { name: viewer.actor.displayName || viewer.actor.username, username: viewer.actor.username })}</p>` : ''}
${passwords ? html`<div class="ds-field"><label class="ds-label" for="${fieldId('username')}">${t('oauth.authorize.username')}</label>
${state.error ? html`<p class="ds-validation-message" data-field="validation" id="${`${fieldId('username')}-error`}">${state.error}</p>` : ''}
<input class="ds-input" type="text" id="${fieldId('username')}" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" value="${state.username ?? ''}" required${described}></div>
<div class="ds-field"><label class="ds-label" for="${fieldId('password')}">${t('oauth.authorize.password')}</label>
<input class="ds-input" type="password" id="${fieldId('password')}" name="password" autocomplete="current-password" required></div>` : ''}
<div class="actions">
${viewer || passwords ? html`<button type="submit" class="ds-button" data-variant="primary" name="decision" value="approve">${viewer ? t('oauth.authorize.authorize') : t('oauth.authorize.approve')}</button>` : ''}
<button type="submit" class="ds-button" data-variant="secondary" name="decision" value="deny" formnovalidate>${t('oauth.authorize.deny')}</button>
</div>
</form>
<p class="ds-paragraph">${t('oauth.authorize.returnTo')} <code>${auth.redirectUri}</code></p>
</div>`;
  return renderPage(ctx, { title: t('oauth.authorize.title', { app: auth.app.name }), body, hasErrors: !!state.error });
}

/** Errors that cannot go back to the app (unknown client, unregistered redirect URI, oob). */
export function renderErrorPage(ctx: PageContext, error: string, description: string): string {
  const { t } = ctx.tr;
  const body = html`<div class="narrow-page"><h1 class="ds-heading" data-size="lg">${t('oauth.failed.title')}</h1>
<div class="ds-alert" data-color="danger"><p class="ds-paragraph"><strong>${error}</strong></p><p class="ds-paragraph">${description}</p></div>
<p class="ds-paragraph">${t('oauth.failed.text')}</p></div>`;
  return renderPage(ctx, { title: t('oauth.failed.title'), body });
}

/** urn:ietf:wg:oauth:2.0:oob: the user copies the code into the app. */
export function renderCodePage(ctx: PageContext, appName: string, code: string): string {
  const { t } = ctx.tr;
  const body = html`<div class="narrow-page"><h1 class="ds-heading" data-size="lg">${t('oauth.code.title')}</h1>
<p class="ds-paragraph">${t('oauth.code.copy', { app: appName })}</p>
<p class="code" id="authorization-code">${code}</p>
<p class="ds-paragraph">${t('oauth.code.expires')}</p></div>`;
  return renderPage(ctx, { title: t('oauth.code.title'), body });
}
