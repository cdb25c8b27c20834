import * as oidc from 'openid-client';
import { newId } from '../../ids.js';
import { DomainError, forbidden } from '../../errors.js';
import type { Config, OidcMappedRole } from '../../config/types.js';
import { StoreConflict, type Actor, type StaffRole, type User, type UserRole } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { audit } from '../audit.js';
import { createAccount } from '../accounts/accounts.js';
import { setAccountRoles } from '../accounts/roles.js';
import { updateProfile, PROFILE_LIMITS } from '../accounts/profile.js';
import { assertUsername } from '../accounts/usernames.js';

/**
 * Single sign-on with the agency's OpenID Connect provider, through openid-client: authorization
 * code with PKCE (S256), state and nonce; the ID token's issuer, audience, expiry, nonce and
 * signature are checked by the library (signature checks are turned on explicitly: openid-client
 * leaves them off for tokens from the token endpoint). The provider is configured by the admin
 * and so trusted as the instance's own infrastructure: its requests go out with Node's fetch, not
 * through the federation fetch guard or the federation policy, and may reach a private address
 * (an on-premises Keycloak).
 */

export function oidcEnabled(config: Config): boolean {
  return config.oidc.issuer !== undefined;
}

/** Password sign-in is off only when SSO is on and the admin turned passwords off. */
export function passwordSignInAllowed(config: Config): boolean {
  return !oidcEnabled(config) || config.oidc.passwordSignIn;
}

export function redirectUri(deps: Pick<Deps, 'urls'>): string {
  return `${deps.urls.base}/auth/oidc/callback`;
}

/** Why a sign-in was refused; each is a page of its own in the web app. */
export type OidcFailure = 'disabled' | 'expired' | 'state' | 'denied' | 'token' | 'claims' | 'account' | 'unavailable';

export class OidcError extends DomainError {
  constructor(readonly reason: OidcFailure, detail: string, readonly providerError?: string) {
    super(reason === 'unavailable' ? 'unavailable' : reason === 'account' || reason === 'denied' ? 'forbidden' : 'invalid', `OIDC_${reason.toUpperCase()}`, detail);
  }
}

const DISCOVERY_TTL_MS = 3600_000;
/** Discovered provider metadata per configuration (one per running instance), for an hour. */
const discovered = new WeakMap<Config, { at: number; config: Promise<oidc.Configuration> }>();

/** The config loader accepts http only for a loopback provider. */
function isHttp(issuer: string): boolean {
  return new URL(issuer).protocol === 'http:';
}

/** The provider's metadata (discovery, cached); a failure is not cached, so the next sign-in retries. */
export async function providerConfiguration(deps: Deps): Promise<oidc.Configuration> {
  const c = deps.config.oidc;
  if (!c.issuer || !c.clientId || !c.clientSecret) throw new OidcError('disabled', 'single sign-on is not configured');
  const hit = discovered.get(deps.config);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const issuer = c.issuer;
  // The domain's clock decides what is expired (tests may move it); openid-client counts seconds.
  const metadata = { [oidc.clockSkew]: Math.round((deps.now().getTime() - Date.now()) / 1000) };
  const promise = oidc.discovery(new URL(issuer), c.clientId, metadata, oidc.ClientSecretBasic(c.clientSecret), {
    execute: [...(isHttp(issuer) ? [oidc.allowInsecureRequests] : []), oidc.enableNonRepudiationChecks],
    timeout: 10,
  });
  discovered.set(deps.config, { at: Date.now(), config: promise });
  try {
    return await promise;
  } catch (e) {
    if (discovered.get(deps.config)?.config === promise) discovered.delete(deps.config);
    deps.log.warn({ issuer, code: (e as { code?: string }).code, err: (e as Error).message }, 'oidc discovery failed');
    throw new OidcError('unavailable', 'the sign-in service could not be reached');
  }
}

/** What the browser keeps (signed, short-lived) between leaving for the provider and coming back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after signing in (already checked to be a local path). */
  next: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export const PENDING_TTL_MS = 10 * 60_000;

export async function beginOidcSignIn(deps: Deps, next: string): Promise<{ url: string; pending: PendingSignIn }> {
  const config = await providerConfiguration(deps);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const pending: PendingSignIn = {
    state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, next, expiresAt: deps.now().getTime() + PENDING_TTL_MS,
  };
  const scopes = [...new Set(['openid', ...deps.config.oidc.scopes])];
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(deps),
    scope: scopes.join(' '),
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url: url.href, pending };
}

/** Parses what the cookie held; undefined for anything malformed. */
export function parsePending(value: unknown): PendingSignIn | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const p = value as Record<string, unknown>;
  const str = (k: string) => typeof p[k] === 'string' && (p[k] as string).length > 0 && (p[k] as string).length <= 2000;
  if (!str('state') || !str('nonce') || !str('codeVerifier') || !str('next') || typeof p.expiresAt !== 'number') return undefined;
  return p as unknown as PendingSignIn;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  username?: string;
  displayName?: string;
  email?: string;
  groups: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function groupsOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === 'string');
  return [];
}

/**
 * The provider sent the browser back: checks state (against the cookie), exchanges the code with
 * the PKCE verifier, and has openid-client validate the ID token. Claims missing from the ID token
 * (username, groups) are read from the userinfo endpoint, whose subject must match.
 */
export async function completeOidcSignIn(deps: Deps, callbackUrl: URL, pending: PendingSignIn | undefined): Promise<OidcIdentity> {
  if (callbackUrl.searchParams.get('error') && !callbackUrl.searchParams.get('state')) {
    throw new OidcError('denied', 'the sign-in service did not sign you in', callbackUrl.searchParams.get('error')!.slice(0, 100));
  }
  if (!pending) throw new OidcError('state', 'this sign-in did not start in this browser, or it took too long');
  if (pending.expiresAt <= deps.now().getTime()) throw new OidcError('expired', 'the sign-in took too long');
  if (callbackUrl.searchParams.get('state') !== pending.state) throw new OidcError('state', 'the sign-in answer does not belong to the sign-in this browser started');
  const config = await providerConfiguration(deps);
  const c = deps.config.oidc;
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
    });
  } catch (e) {
    throw refusal(deps, e);
  }
  const claims = tokens.claims();
  if (!claims) throw new OidcError('token', 'the sign-in service sent no ID token');
  let extra: Record<string, unknown> = {};
  const missing = claims[c.usernameClaim] === undefined || claims[c.groupsClaim] === undefined;
  if (missing && config.serverMetadata().userinfo_endpoint) {
    try {
      extra = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    } catch (e) {
      throw refusal(deps, e);
    }
  }
  const pick = (name: string) => (claims[name] !== undefined ? claims[name] : extra[name]);
  return {
    issuer: claims.iss,
    subject: claims.sub,
    username: str(pick(c.usernameClaim)),
    displayName: str(pick('name')) ?? ([str(pick('given_name')), str(pick('family_name'))].filter(Boolean).join(' ') || undefined),
    email: str(pick('email')),
    groups: groupsOf(pick(c.groupsClaim)),
  };
}

/** openid-client's error as a refusal; its message (never a token) goes to the log only. */
function refusal(deps: Deps, e: unknown): OidcError {
  if (e instanceof OidcError) return e;
  if (e instanceof oidc.AuthorizationResponseError) {
    deps.log.info({ error: e.error }, 'oidc provider refused the sign-in');
    return new OidcError('denied', 'the sign-in service did not sign you in', e.error.slice(0, 100));
  }
  if (e instanceof oidc.ResponseBodyError) {
    deps.log.warn({ error: e.error, status: e.status }, 'oidc token endpoint refused the code');
    return new OidcError('token', 'the sign-in service refused to complete the sign-in');
  }
  const code = (e as { code?: string }).code;
  const message = (e as Error).message;
  if (e instanceof TypeError && !code) {
    deps.log.warn({ err: message }, 'oidc provider unreachable');
    return new OidcError('unavailable', 'the sign-in service could not be reached');
  }
  deps.log.warn({ code, err: message }, 'oidc response refused');
  return new OidcError('token', 'the answer from the sign-in service could not be verified');
}

/** The roles the mapped groups give: access admin > moderator > user; publisher if any group maps to publisher or admin. */
export function rolesFromGroups(roleMap: Record<string, OidcMappedRole>, groups: readonly string[]): { role: UserRole; staffRole: StaffRole } {
  const mapped = groups.filter((g) => Object.hasOwn(roleMap, g)).map((g) => roleMap[g]!);
  const role: UserRole = mapped.includes('admin') ? 'admin' : mapped.includes('moderator') ? 'moderator' : 'user';
  const staffRole: StaffRole = mapped.some((r) => r === 'publisher' || r === 'admin') ? 'publisher' : 'author';
  return { role, staffRole };
}

/** A claim as a local username: letters, digits and underscores, at most 30 characters. */
export function usernameFromClaim(claim: string | undefined): string {
  const local = (claim ?? '').split('@')[0]!;
  const folded = local
    .replace(/æ/g, 'ae').replace(/Æ/g, 'Ae').replace(/ø/g, 'oe').replace(/Ø/g, 'Oe').replace(/å/g, 'aa').replace(/Å/g, 'Aa').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '')
    .toLowerCase();
  return folded.slice(0, 30).replace(/_$/, '') || 'staff';
}

async function uniqueUsername(deps: Deps, base: string): Promise<string> {
  const free = async (name: string) => {
    try {
      assertUsername(name);
    } catch {
      return false;
    }
    return !(await deps.store.actors.getByUsername(name, null));
  };
  if (await free(base)) return base;
  for (let n = 2; n < 1000; n++) {
    const suffix = String(n);
    const name = `${base.slice(0, 30 - suffix.length)}${suffix}`;
    if (await free(name)) return name;
  }
  throw new OidcError('claims', 'no free username could be made from your name');
}

export interface OidcSignIn {
  user: User;
  actor: Actor;
  created: boolean;
}

/**
 * Finds the login linked to (issuer, subject), or creates one on the first sign-in (a
 * passwordless account; never linked to an existing account by name or e-mail, which a provider
 * could hand to someone else); then brings display name, e-mail and roles in line with the claims.
 */
export async function signInWithOidc(deps: Deps, id: OidcIdentity, client: { ip?: string | null } = {}): Promise<OidcSignIn> {
  const { role, staffRole } = rolesFromGroups(deps.config.oidc.roleMap, id.groups);
  const displayName = id.displayName ? [...id.displayName].slice(0, PROFILE_LIMITS.displayName).join('').trim() : undefined;
  const at = deps.now().toISOString();
  const link = await deps.store.identityLinks.get(id.issuer, id.subject);
  if (!link) {
    const username = await uniqueUsername(deps, usernameFromClaim(id.username ?? id.email));
    const created = await createAccount(deps, { username, passwordless: true, role, staffRole, displayName: displayName || username, email: id.email, by: 'oidc' });
    try {
      await deps.store.identityLinks.put({ id: newId(deps.now().getTime()), issuer: id.issuer, subject: id.subject, userId: created.user.id, createdAt: at, lastSignInAt: at });
    } catch (e) {
      // The same person's first sign-in in two tabs at once: the other one won; this account goes.
      if (!(e instanceof StoreConflict)) throw e;
      await deps.store.users.delete(created.user.id);
      await deps.store.actors.update(created.actor.id, { suspendedAt: at });
      return signInWithOidc(deps, id, client);
    }
    await audit(deps, { actor: 'oidc', action: 'oidc.link', target: username, details: { issuer: id.issuer, groups: id.groups.slice(0, 50), role, staffRole }, ip: client.ip ?? null });
    return { user: created.user, actor: created.actor, created: true };
  }
  let user = await deps.store.users.getById(link.userId);
  const actor0 = user && (await deps.store.actors.getById(user.actorId));
  if (!user || !actor0) throw new OidcError('account', 'the account linked to you no longer exists');
  if (user.disabledAt || actor0.suspendedAt) throw new OidcError('account', 'your account is disabled');
  let actor = actor0;
  if (displayName && displayName !== actor.displayName) actor = (await updateProfile(deps, user, actor, { displayName })).actor;
  if ((id.email ?? null) !== user.email && id.email) user = (await deps.store.users.update(user.id, { email: id.email }))!;
  try {
    user = await setAccountRoles(deps, { username: actor.username, role, staffRole, by: 'oidc' });
  } catch (e) {
    if (!(e instanceof DomainError) || e.code !== 'LAST_ADMIN') throw e;
    // The provider would leave no admin: keep this one admin (the CLI can change it), take the rest.
    deps.log.warn({ userId: user.id }, 'oidc groups would remove the last admin; admin kept');
    await audit(deps, { actor: 'oidc', action: 'oidc.lastAdminKept', target: actor.username, details: { groups: id.groups.slice(0, 50) } });
    user = await setAccountRoles(deps, { username: actor.username, staffRole, by: 'oidc' });
  }
  await deps.store.identityLinks.touch(link.id, at);
  await audit(deps, { actor: 'oidc', action: 'oidc.signIn', target: actor.username, details: { issuer: id.issuer, role: user.role, staffRole: user.staffRole }, ip: client.ip ?? null });
  return { user, actor, created: false };
}

/** Refuses password sign-in when the instance signs in through its provider only. */
export function assertPasswordSignIn(config: Config): void {
  if (!passwordSignInAllowed(config)) throw forbidden('PASSWORD_SIGN_IN_OFF', 'password sign-in is turned off: sign in through your agency\'s sign-in service');
}
