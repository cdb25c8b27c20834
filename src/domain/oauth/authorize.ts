import { hashPassword, hashToken, randomSecret, verifyPassword } from '../../crypto/keys.js';
import { assertPasswordSignIn } from '../auth/oidc.js';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from '../limits/login-throttle.js';
import { newId } from '../../ids.js';
import { DomainError } from '../../errors.js';
import type { CodeChallengeMethod, OAuthApp, User, Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { OOB_REDIRECT_URI } from './apps.js';
import { DESCRIPTIONS, OAuthError, missingParam, type OAuthErrorCode } from './errors.js';
import { isCodeChallengeMethod } from './pkce.js';
import { assertWithin, parseOAuthScopes } from './scopes.js';

/** Doorkeeper's default authorization_code_expires_in. */
export const CODE_TTL_MS = 10 * 60 * 1000;

export interface AuthorizationParams {
  responseType?: string;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/** A request that passed every check: what the consent page shows and the code gets bound to. */
export interface ValidAuthorization {
  app: OAuthApp;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: CodeChallengeMethod | null;
}

/**
 * An authorize error. When the client and redirect URI are trustworthy the user is sent back there
 * with `error` (RFC 6749 4.1.2.1); otherwise (unknown client, unregistered URI, oob) it is shown.
 */
export class AuthorizationError extends OAuthError {
  constructor(code: OAuthErrorCode, description: string, readonly redirectTo: string | null) {
    super(code, description);
  }
}

export function redirectWith(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}

/** Checks the authorize request in Doorkeeper's order; the first failure wins. */
export async function validateAuthorization(deps: Deps, params: AuthorizationParams): Promise<ValidAuthorization> {
  const shown = (e: OAuthError) => new AuthorizationError(e.error, e.description, null);
  if (!params.clientId) throw shown(missingParam('client_id'));
  const app = await deps.store.oauthApps.getByClientId(params.clientId);
  if (!app) throw shown(new OAuthError('invalid_client'));
  if (!params.redirectUri) throw shown(missingParam('redirect_uri'));
  if (!app.redirectUris.includes(params.redirectUri)) throw shown(new OAuthError('invalid_redirect_uri'));

  const redirectUri = params.redirectUri;
  const state = params.state ?? null;
  const back = (code: OAuthErrorCode, description = DESCRIPTIONS[code]) =>
    new AuthorizationError(code, description, redirectUri === OOB_REDIRECT_URI ? null : redirectWith(redirectUri, { error: code, error_description: description, state }));

  if (!params.responseType) throw back('invalid_request', 'Missing required parameter: response_type.');
  if (params.responseType !== 'code') throw back('unsupported_response_type');
  let scopes: string[];
  try {
    scopes = parseOAuthScopes(params.scope);
    assertWithin(scopes, app.scopes);
  } catch {
    throw back('invalid_scope');
  }
  let codeChallengeMethod: CodeChallengeMethod | null = null;
  if (params.codeChallenge) {
    const method = params.codeChallengeMethod || 'plain';
    if (!isCodeChallengeMethod(method)) throw back('invalid_code_challenge_method');
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(params.codeChallenge)) throw back('invalid_request', 'The code_challenge is malformed.');
    codeChallengeMethod = method;
  }
  return { app, redirectUri, scopes, state, codeChallenge: params.codeChallenge || null, codeChallengeMethod };
}

/** Where the browser goes after consent: the app's redirect URI with the code, or the oob page. */
export type AuthorizationOutcome = { kind: 'redirect'; location: string } | { kind: 'oob'; code: string; location: string };

const loginFailed = () => new DomainError('unauthorized', 'LOGIN_FAILED', 'Invalid username or password.');

let dummyHash: Promise<string> | undefined;

/** Checks a local login. Unknown names cost a real scrypt too, so timing does not reveal which names exist. */
export async function verifyLogin(deps: Deps, username: string, password: string, ip: string | null = null): Promise<{ user: User; actor: Actor }> {
  assertPasswordSignIn(deps.config);
  const name = username.trim().replace(/^@/, '').replace(new RegExp(`@${escapeRegExp(deps.urls.host)}$`, 'i'), '');
  // An account that failed too often is refused before the password is even checked.
  await assertLoginAllowed(deps, name);
  const actor = name ? await deps.store.actors.getByUsername(name, null) : undefined;
  const user = actor ? await deps.store.users.getByActorId(actor.id) : undefined;
  if (!actor || !user || !user.passwordHash) {
    await verifyPassword(password, await (dummyHash ??= hashPassword(randomSecret(12))));
    await recordLoginFailure(deps, name, ip);
    throw loginFailed();
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    await recordLoginFailure(deps, name, ip);
    throw loginFailed();
  }
  await recordLoginSuccess(deps, name);
  if (user.disabledAt) throw new DomainError('forbidden', 'ACCOUNT_DISABLED', 'Your login is currently disabled.');
  return { user, actor };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The user approved: a single-use code bound to client, redirect URI, scopes and PKCE challenge. */
export async function grantAuthorization(deps: Deps, auth: ValidAuthorization, user: User): Promise<AuthorizationOutcome> {
  const code = randomSecret(32);
  const now = deps.now();
  await deps.store.authorizationCodes.put({
    id: newId(now.getTime()),
    codeHash: hashToken(code),
    appId: auth.app.id,
    userId: user.id,
    redirectUri: auth.redirectUri,
    scopes: auth.scopes,
    codeChallenge: auth.codeChallenge,
    codeChallengeMethod: auth.codeChallengeMethod,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(),
    usedAt: null,
    tokenId: null,
  });
  // Opportunistic cleanup keeps the table small without a scheduler.
  await deps.store.authorizationCodes.deleteExpired(new Date(now.getTime() - CODE_TTL_MS).toISOString());
  if (auth.redirectUri === OOB_REDIRECT_URI) return { kind: 'oob', code, location: `${deps.urls.base}${NATIVE_CODE_PATH}?${new URLSearchParams({ code })}` };
  return { kind: 'redirect', location: redirectWith(auth.redirectUri, { code, state: auth.state }) };
}

/** Where Mastodon (Doorkeeper's native redirect) sends the browser for an oob code: a page showing it. */
export const NATIVE_CODE_PATH = '/oauth/authorize/native';

/**
 * For the oob page: the app a still usable code was issued to, or undefined (unknown, used or
 * expired codes are not shown again).
 */
export async function appOfPendingCode(deps: Deps, code: string): Promise<OAuthApp | undefined> {
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(code)) return undefined;
  const stored = await deps.store.authorizationCodes.getByHash(hashToken(code));
  if (!stored || stored.usedAt || Date.parse(stored.expiresAt) <= deps.now().getTime() || stored.redirectUri !== OOB_REDIRECT_URI) return undefined;
  return deps.store.oauthApps.getById(stored.appId);
}

/** The user refused: back to the app with access_denied (or shown, for oob). */
export function denyAuthorization(auth: ValidAuthorization): AuthorizationError {
  const description = DESCRIPTIONS.access_denied;
  return new AuthorizationError('access_denied', description,
    auth.redirectUri === OOB_REDIRECT_URI ? null : redirectWith(auth.redirectUri, { error: 'access_denied', error_description: description, state: auth.state }));
}
