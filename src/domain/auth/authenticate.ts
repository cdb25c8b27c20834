import { hashToken } from '../../crypto/keys.js';
import { DomainError } from '../../errors.js';
import type { AccessToken, Actor, User } from '../../store/port.js';
import type { Deps } from '../deps.js';

/** Who a request acts as. `user`/`actor` are absent for app-only (client_credentials) tokens. */
export interface Principal {
  token: AccessToken;
  scopes: ReadonlySet<string>;
  user?: User;
  actor?: Actor;
}

const unauthorized = (detail: string) => new DomainError('unauthorized', 'TOKEN_INVALID', detail);

// lastUsedAt/lastActiveAt are written at most this often per token, not on every request.
const TOUCH_EVERY_MS = 60_000;

/** Resolves a bearer token to its principal, or throws unauthorized (unknown, revoked, expired, disabled). */
export async function authenticateBearer(deps: Deps, token: string): Promise<Principal> {
  const record = await deps.store.tokens.getByHash(hashToken(token));
  if (!record) throw unauthorized('The access token is invalid');
  if (record.revokedAt) throw unauthorized('The access token was revoked');
  const now = deps.now();
  if (record.expiresAt && Date.parse(record.expiresAt) <= now.getTime()) throw unauthorized('The access token expired');
  let user: User | undefined;
  let actor: Actor | undefined;
  if (record.userId) {
    user = await deps.store.users.getById(record.userId);
    if (!user || user.disabledAt) throw unauthorized('Your login is currently disabled');
    actor = await deps.store.actors.getById(user.actorId);
    if (!actor) throw unauthorized('The access token is invalid');
  }
  if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) > TOUCH_EVERY_MS) {
    const at = now.toISOString();
    await deps.store.tokens.touch(record.id, at);
    if (user) await deps.store.users.update(user.id, { lastActiveAt: at });
  }
  return { token: record, scopes: new Set(record.scopes), user, actor };
}

/**
 * Mastodon's scope rules: `read` covers every `read:*`, `write` every `write:*`, `follow` covers
 * the follow-related granular scopes, `admin:read` every `admin:read:*`.
 */
export function hasScope(granted: ReadonlySet<string>, required: string): boolean {
  if (granted.has(required)) return true;
  const parts = required.split(':');
  for (let i = parts.length - 1; i > 0; i--) if (granted.has(parts.slice(0, i).join(':'))) return true;
  if (granted.has('follow') && ['read:follows', 'write:follows', 'read:blocks', 'write:blocks', 'read:mutes', 'write:mutes'].includes(required)) return true;
  return false;
}

export function assertScope(principal: Principal, required: string): void {
  if (!hasScope(principal.scopes, required)) {
    throw new DomainError('forbidden', 'SCOPE_MISSING', 'This action is outside the authorized scopes');
  }
}
