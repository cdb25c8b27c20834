import { hashPassword, randomSecret, hashToken } from '../../crypto/keys.js';
import { generateActorKeyPair } from '../../crypto/keys.js';
import { newId } from '../../ids.js';
import { DomainError, invalid, notFound } from '../../errors.js';
import type { AccessToken, Actor, StaffRole, User, UserRole } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { createLocalActor } from './local-actors.js';
import { assertUsername } from './usernames.js';
import { audit } from '../audit.js';

export const MIN_PASSWORD_LENGTH = 10;

export interface CreatedAccount {
  actor: Actor;
  user: User;
  /** Only when the password was generated: shown once, never stored in clear. */
  generatedPassword?: string;
}

/**
 * A staff login: a Person actor plus a user row. A missing password is generated, unless
 * `passwordless`: an account of single sign-on has no password hash at all, so no password (not
 * even a generated one nobody was told) signs it in; an admin can set one later.
 */
export async function createAccount(
  deps: Deps,
  input: {
    username: string; password?: string; passwordless?: boolean; role?: UserRole; staffRole?: StaffRole; displayName?: string; email?: string;
    allowReserved?: boolean; by?: string;
    /** No password at all (an invitation: the person sets one through a one-time link); sign-in is impossible until then. */
    noPassword?: boolean;
  },
): Promise<CreatedAccount> {
  assertUsername(input.username, { allowReserved: input.allowReserved });
  if (input.passwordless && input.password !== undefined) throw invalid('PASSWORD_UNEXPECTED', 'a passwordless account takes no password');
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalid('PASSWORD_TOO_SHORT', `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const noPassword = input.passwordless || input.noPassword;
  const generatedPassword = input.password === undefined && !noPassword ? randomSecret(15) : undefined;
  const passwordHash = noPassword ? null : await hashPassword(input.password ?? generatedPassword!);
  const actor = await createLocalActor(deps, deps.store, { username: input.username, type: 'Person', displayName: input.displayName ?? input.username });
  const user = await deps.store.users.put({
    id: newId(deps.now().getTime()),
    actorId: actor.id,
    role: input.role ?? 'user',
    // New staff start as authors: publishing in the agency's name is a mandate someone gives.
    staffRole: input.staffRole ?? 'author',
    email: input.email ?? null,
    passwordHash,
    mustChangePassword: generatedPassword !== undefined,
    disabledAt: null,
    createdAt: deps.now().toISOString(),
    lastActiveAt: null,
  });
  await audit(deps, {
    actor: input.by ?? 'system', action: 'account.create', target: actor.username,
    details: { role: user.role, staffRole: user.staffRole, ...(input.passwordless ? { passwordless: true } : {}) },
  });
  return { actor, user, generatedPassword };
}

export interface AccountView {
  actor: Actor;
  user: User | undefined;
  /** Signs in through the agency's identity provider (so no password is no invitation). */
  ssoLinked?: boolean;
}

/** Local actors with their logins (the agency and instance actors have none). */
export async function listAccounts(deps: Deps): Promise<AccountView[]> {
  const actors = await deps.store.actors.listLocal({ limit: 10000 });
  return Promise.all(actors.map(async (actor) => {
    const user = await deps.store.users.getByActorId(actor.id);
    return { actor, user, ssoLinked: user ? (await deps.store.identityLinks.listForUser(user.id)).length > 0 : false };
  }));
}

export async function getLocalLogin(deps: Deps, username: string): Promise<{ actor: Actor; user: User }> {
  const actor = await deps.store.actors.getByUsername(username, null);
  const user = actor && (await deps.store.users.getByActorId(actor.id));
  if (!actor || !user) throw notFound('ACCOUNT_NOT_FOUND', `no local account named "${username}"`);
  return { actor, user };
}

/** Lets a disabled login sign in again; its old sessions and tokens stay ended. */
export async function enableAccount(deps: Deps, username: string, by = 'system'): Promise<User> {
  const { user } = await getLocalLogin(deps, username);
  if (!user.disabledAt) return user;
  return deps.store.transaction(async (tx) => {
    await audit(deps, { actor: by, action: 'account.enable', target: username }, tx);
    return (await tx.users.update(user.id, { disabledAt: null }))!;
  });
}

/** Blocks login and revokes every token; the actor stays so federated links keep resolving. */
export async function disableAccount(deps: Deps, username: string, by = 'system'): Promise<User> {
  const { user } = await getLocalLogin(deps, username);
  if (user.disabledAt) return user;
  if (user.role === 'admin' && (await deps.store.users.count({ role: 'admin', enabledOnly: true })) <= 1) {
    throw new DomainError('conflict', 'LAST_ADMIN', `"${username}" is the only enabled admin; make another admin first`);
  }
  const at = deps.now().toISOString();
  return deps.store.transaction(async (tx) => {
    const revoked = await tx.tokens.revokeAllForUser(user.id, at);
    // Ended now, not at their next use: enabling the account again must not bring them back.
    const sessionsEnded = await tx.webSessions.deleteAllForUser(user.id);
    await audit(deps, { actor: by, action: 'account.disable', target: username, details: { tokensRevoked: revoked, sessionsEnded } }, tx);
    return (await tx.users.update(user.id, { disabledAt: at }))!;
  });
}

export const KNOWN_SCOPES = new Set([
  'read', 'write', 'follow', 'push', 'profile', 'admin:read', 'admin:write',
  'read:accounts', 'read:blocks', 'read:bookmarks', 'read:favourites', 'read:filters', 'read:follows', 'read:lists',
  'read:mutes', 'read:notifications', 'read:search', 'read:statuses',
  'write:accounts', 'write:blocks', 'write:bookmarks', 'write:conversations', 'write:favourites', 'write:filters',
  'write:follows', 'write:lists', 'write:media', 'write:mutes', 'write:notifications', 'write:reports', 'write:statuses',
  'admin:read:accounts', 'admin:read:reports', 'admin:read:domain_blocks', 'admin:write:accounts', 'admin:write:reports', 'admin:write:domain_blocks',
]);

export function parseScopes(text: string): string[] {
  const scopes = [...new Set(text.split(/[\s+]+/).filter(Boolean))];
  if (scopes.length === 0) throw invalid('SCOPE_INVALID', 'at least one scope is required');
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
  if (unknown.length) throw invalid('SCOPE_INVALID', `unknown scope(s): ${unknown.join(', ')}`);
  return scopes;
}

/** A personal bearer token for automation; returned once in clear, stored as a hash. */
export async function createPersonalToken(deps: Deps, username: string, scopes: string[], by = 'system'): Promise<{ token: string; record: AccessToken }> {
  const { user } = await getLocalLogin(deps, username);
  if (user.disabledAt) throw new DomainError('forbidden', 'ACCOUNT_DISABLED', `account "${username}" is disabled`);
  const token = randomSecret(32);
  const record = await deps.store.tokens.put({
    id: newId(deps.now().getTime()),
    tokenHash: hashToken(token),
    userId: user.id,
    appId: null,
    scopes,
    refreshTokenHash: null,
    createdAt: deps.now().toISOString(),
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
  });
  await audit(deps, { actor: by, action: 'token.issued', target: username, details: { tokenId: record.id, scopes } });
  return { token, record };
}

/**
 * New key pair for a local actor. Remote servers pick up the new key when a signature fails
 * verification against their cached one and they refetch the actor.
 */
export async function rotateKeys(deps: Deps, username: string, by = 'system'): Promise<Actor> {
  const actor = await deps.store.actors.getByUsername(username, null);
  if (!actor) throw notFound('ACCOUNT_NOT_FOUND', `no local actor named "${username}"`);
  const keys = await generateActorKeyPair();
  const updated = (await deps.store.actors.update(actor.id, { publicKeyPem: keys.publicKeyPem, privateKeyPem: keys.privateKeyPem }))!;
  await audit(deps, { actor: by, action: 'keys.rotate', target: username });
  return updated;
}
