import { hashToken, randomSecret } from '../../crypto/keys.js';
import { newId } from '../../ids.js';
import type { AccessToken, OAuthApp, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { authenticateClient } from './apps.js';
import { OAuthError, missingParam } from './errors.js';
import { verifyPkce } from './pkce.js';
import { assertWithin, parseOAuthScopes } from './scopes.js';

/** The parameters of POST /oauth/token, from the body (form or JSON) with Basic credentials merged in. */
export interface TokenRequest {
  grantType?: string;
  clientId?: string;
  clientSecret?: string;
  code?: string;
  redirectUri?: string;
  codeVerifier?: string;
  refreshToken?: string;
  scope?: string;
}

/** Doorkeeper's token response. `created_at` is seconds since the epoch. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  scope: string;
  created_at: number;
  refresh_token?: string;
}

const GRANT_TYPES = new Set(['authorization_code', 'client_credentials', 'refresh_token']);

/** Issues a token; the clear values are returned once, only their hashes are stored. */
export async function issueToken(
  deps: Deps,
  store: Store,
  input: { app: OAuthApp; userId: string | null; scopes: string[]; withRefresh: boolean; id?: string },
): Promise<{ response: TokenResponse; record: AccessToken }> {
  const accessToken = randomSecret(32);
  const refreshToken = input.withRefresh ? randomSecret(32) : undefined;
  const now = deps.now();
  const record = await store.tokens.put({
    id: input.id ?? newId(now.getTime()),
    tokenHash: hashToken(accessToken),
    userId: input.userId,
    appId: input.app.id,
    scopes: input.scopes,
    refreshTokenHash: refreshToken ? hashToken(refreshToken) : null,
    createdAt: now.toISOString(),
    // Mastodon's access tokens do not expire (access_token_expires_in nil); apps keep them until revoked.
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
  });
  const response: TokenResponse = {
    access_token: accessToken,
    token_type: 'Bearer',
    scope: input.scopes.join(' '),
    created_at: Math.floor(now.getTime() / 1000),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  };
  return { response, record };
}

/** POST /oauth/token for the grant types Samspil supports. */
export async function exchangeToken(deps: Deps, request: TokenRequest): Promise<TokenResponse> {
  if (!request.grantType) throw missingParam('grant_type');
  if (!GRANT_TYPES.has(request.grantType)) throw new OAuthError('unsupported_grant_type');
  const app = await authenticateClient(deps, request.clientId, request.clientSecret);
  switch (request.grantType) {
    case 'authorization_code': return exchangeCode(deps, app, request);
    case 'client_credentials': return clientCredentials(deps, app, request);
    default: return refresh(deps, app, request);
  }
}

async function exchangeCode(deps: Deps, app: OAuthApp, request: TokenRequest): Promise<TokenResponse> {
  if (!request.code) throw missingParam('code');
  if (!request.redirectUri) throw missingParam('redirect_uri');
  const grant = await deps.store.authorizationCodes.getByHash(hashToken(request.code));
  const now = deps.now();
  if (!grant || grant.appId !== app.id) throw new OAuthError('invalid_grant');
  if (grant.usedAt) {
    // A code presented twice may have been stolen: the token it bought is revoked too (RFC 6749 4.1.2).
    if (grant.tokenId) await deps.store.tokens.revoke(grant.tokenId, now.toISOString());
    deps.log.warn({ appId: app.id, codeId: grant.id }, 'authorization code reused; its token was revoked');
    throw new OAuthError('invalid_grant');
  }
  if (Date.parse(grant.expiresAt) <= now.getTime()) throw new OAuthError('invalid_grant');
  if (grant.redirectUri !== request.redirectUri) throw new OAuthError('invalid_grant');
  if (grant.codeChallenge && grant.codeChallengeMethod) {
    if (!request.codeVerifier) throw missingParam('code_verifier');
    if (!verifyPkce(grant.codeChallenge, grant.codeChallengeMethod, request.codeVerifier)) throw new OAuthError('invalid_grant');
  }
  const user = await deps.store.users.getById(grant.userId);
  if (!user || user.disabledAt) throw new OAuthError('invalid_grant');
  return deps.store.transaction(async (tx) => {
    // Two racing exchanges of one code: only the one that marks it used gets a token.
    const tokenId = newId(now.getTime());
    if (!(await tx.authorizationCodes.consume(grant.id, now.toISOString(), tokenId))) throw new OAuthError('invalid_grant');
    return (await issueToken(deps, tx, { app, userId: user.id, scopes: grant.scopes, withRefresh: true, id: tokenId })).response;
  });
}

async function clientCredentials(deps: Deps, app: OAuthApp, request: TokenRequest): Promise<TokenResponse> {
  const scopes = parseOAuthScopes(request.scope);
  assertWithin(scopes, app.scopes);
  return (await issueToken(deps, deps.store, { app, userId: null, scopes, withRefresh: false })).response;
}

async function refresh(deps: Deps, app: OAuthApp, request: TokenRequest): Promise<TokenResponse> {
  if (!request.refreshToken) throw missingParam('refresh_token');
  const old = await deps.store.tokens.getByRefreshHash(hashToken(request.refreshToken));
  if (!old || old.revokedAt || old.appId !== app.id || !old.userId) throw new OAuthError('invalid_grant');
  const scopes = request.scope ? parseOAuthScopes(request.scope) : old.scopes;
  assertWithin(scopes, old.scopes);
  const user = await deps.store.users.getById(old.userId);
  if (!user || user.disabledAt) throw new OAuthError('invalid_grant');
  return deps.store.transaction(async (tx) => {
    // The used refresh token and its access token end here: a replayed refresh token is invalid_grant.
    const current = await tx.tokens.getByHash(old.tokenHash);
    if (!current || current.revokedAt) throw new OAuthError('invalid_grant');
    await tx.tokens.revoke(old.id, deps.now().toISOString());
    return (await issueToken(deps, tx, { app, userId: user.id, scopes, withRefresh: true })).response;
  });
}

/**
 * POST /oauth/revoke (RFC 7009 as Doorkeeper does it): unknown tokens are a silent success, a token of
 * another client or a failed client authentication is `unauthorized_client` (403).
 */
export async function revokeToken(deps: Deps, request: { clientId?: string; clientSecret?: string; token?: string }): Promise<void> {
  const refused = new OAuthError('unauthorized_client', 'You are not authorized to revoke this token', { status: 403 });
  let app: OAuthApp;
  try {
    app = await authenticateClient(deps, request.clientId, request.clientSecret);
  } catch {
    throw refused;
  }
  if (!request.token) throw missingParam('token');
  const hash = hashToken(request.token);
  const record = (await deps.store.tokens.getByHash(hash)) ?? (await deps.store.tokens.getByRefreshHash(hash));
  if (!record) return;
  if (record.appId !== app.id) throw refused;
  await deps.store.tokens.revoke(record.id, deps.now().toISOString());
}
