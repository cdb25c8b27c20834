import type { FastifyReply } from 'fastify';
import type { Deps } from '../../../domain/deps.js';
import type { ValidAuthorization } from '../../../domain/oauth/authorize.js';
import { html, type SafeHtml } from '../../../html/escape.js';
import { page } from '../../web/layout.js';

/** What each scope lets an app do, in words a member of staff can judge. */
const SCOPE_WORDS: Record<string, string> = {
  read: 'read all your account data',
  write: 'change all your account data and publish for you',
  follow: 'follow, unfollow, block and mute accounts',
  push: 'receive push notifications',
  profile: 'see your basic profile (name, username, picture)',
};

function describeScope(scope: string): string {
  if (SCOPE_WORDS[scope]) return SCOPE_WORDS[scope]!;
  const [mode, what] = scope.split(':', 2);
  if (mode === 'read' && what) return `read your ${what.replace(/_/g, ' ')}`;
  if (mode === 'write' && what) return `change your ${what.replace(/_/g, ' ')}`;
  return scope;
}

const siteName = (deps: Deps) => deps.config.instance.title ?? deps.config.instance.agencyDisplayName;

const EXTRA_STYLE = html`<style>
form.login label{display:block;margin:.75rem 0 .25rem;font-weight:600}
form.login input[type=text],form.login input[type=password]{width:100%;max-width:24rem;padding:.5rem;font-size:1rem;box-sizing:border-box}
form.login .actions{margin-top:1.25rem;display:flex;gap:.75rem}
form.login button{padding:.5rem 1.25rem;font-size:1rem;cursor:pointer}
.scopes li{margin:.15rem 0}.scopes code{color:#555}.code{font-family:monospace;font-size:1.2rem;padding:.5rem;background:#f3f3f3;word-break:break-all}
</style>`;

/** Headers every OAuth page carries: never cached, never framed (clickjacking the consent button). */
export function sendPage(reply: FastifyReply, status: number, markup: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'")
    .send(markup);
}

export interface LoginFormState {
  auth: ValidAuthorization;
  csrfToken: string;
  username?: string;
  error?: string;
}

/** The login + consent page: who asks, for what, and a form that sends every authorize parameter back. */
export function renderAuthorizePage(deps: Deps, state: LoginFormState): string {
  const { auth } = state;
  const hidden = (name: string, value: string | null) => (value === null ? '' : html`<input type="hidden" name="${name}" value="${value}">`);
  const body: SafeHtml = html`<h1>Authorize ${auth.app.name}</h1>
<p><strong>${auth.app.name}</strong>${auth.app.website ? html` (<a href="${auth.app.website}" rel="noopener noreferrer">${auth.app.website}</a>)` : ''}
wants to use your account on ${deps.urls.host}. It will be able to:</p>
<ul class="scopes">${auth.scopes.map((s) => html`<li>${describeScope(s)} <code>${s}</code></li>`)}</ul>
${state.error ? html`<p class="error" role="alert">${state.error}</p>` : ''}
<form class="login" method="post" action="/oauth/authorize">
${hidden('authenticity_token', state.csrfToken)}
${hidden('response_type', 'code')}
${hidden('client_id', auth.app.clientId)}
${hidden('redirect_uri', auth.redirectUri)}
${hidden('scope', auth.scopes.join(' '))}
${hidden('state', auth.state)}
${hidden('code_challenge', auth.codeChallenge)}
${hidden('code_challenge_method', auth.codeChallengeMethod)}
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" value="${state.username ?? ''}" required>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions">
<button type="submit" name="decision" value="approve">Log in and authorize</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>
<p>You will be sent back to <code>${auth.redirectUri}</code>.</p>`;
  return page({ title: `Authorize ${auth.app.name}`, siteName: siteName(deps), body, head: EXTRA_STYLE });
}

/** Errors that cannot go back to the app (unknown client, unregistered redirect URI, oob). */
export function renderErrorPage(deps: Deps, error: string, description: string): string {
  const body = html`<h1>Authorization failed</h1>
<div class="error"><p><strong>${error}</strong></p><p>${description}</p></div>
<p>Return to the app and try again; if it keeps failing, tell its developer the error above.</p>`;
  return page({ title: 'Authorization failed', siteName: siteName(deps), body, head: EXTRA_STYLE });
}

/** urn:ietf:wg:oauth:2.0:oob: the user copies the code into the app. */
export function renderCodePage(deps: Deps, appName: string, code: string): string {
  const body = html`<h1>Authorization code</h1>
<p>Copy this code and paste it into ${appName}:</p>
<p class="code" id="authorization-code">${code}</p>
<p>It works once and expires in 10 minutes.</p>`;
  return page({ title: 'Authorization code', siteName: siteName(deps), body, head: EXTRA_STYLE });
}
