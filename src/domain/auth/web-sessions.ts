import { hashPassword, hashToken, randomSecret, verifyPassword } from '../../crypto/keys.js';
import { newId } from '../../ids.js';
import { DomainError, invalid } from '../../errors.js';
import type { Actor, User, WebSession } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { MIN_PASSWORD_LENGTH } from '../accounts/accounts.js';
import { audit } from '../audit.js';

/** A session unused for this long ends; each use moves the end forward. */
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
/** However active, a session ends this long after sign-in (people sign in again once a month). */
export const SESSION_MAX_MS = 30 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 60_000;

export interface ResolvedSession {
  session: WebSession;
  user: User;
  actor: Actor;
}

function expiry(createdAt: string, now: number): string {
  return new Date(Math.min(now + SESSION_IDLE_MS, Date.parse(createdAt) + SESSION_MAX_MS)).toISOString();
}

/** Signs a verified user in: returns the cookie secret (shown to the browser only) and the stored session. */
export async function startWebSession(deps: Deps, user: User, client: { userAgent?: string; ip?: string | null }): Promise<{ secret: string; session: WebSession }> {
  const secret = randomSecret(32);
  const now = deps.now();
  const at = now.toISOString();
  const session = await deps.store.webSessions.put({
    id: newId(now.getTime()), secretHash: hashToken(secret), userId: user.id, createdAt: at, lastSeenAt: at,
    expiresAt: expiry(at, now.getTime()), userAgent: client.userAgent?.slice(0, 300) ?? null, ip: client.ip ?? null,
  });
  await deps.store.users.update(user.id, { lastActiveAt: at });
  // Opportunistic cleanup, as with authorization codes: no scheduler needed.
  await deps.store.webSessions.deleteExpired(at);
  await audit(deps, { actor: `user:${user.id}`, action: 'session.start', target: user.id, ip: client.ip ?? null });
  return { secret, session };
}

/** The session a cookie names, or undefined when it is unknown, expired, or its login is disabled. */
export async function resolveWebSession(deps: Deps, secret: string | undefined): Promise<ResolvedSession | undefined> {
  if (!secret || secret.length > 200) return undefined;
  const session = await deps.store.webSessions.getBySecretHash(hashToken(secret));
  if (!session) return undefined;
  const now = deps.now().getTime();
  if (Date.parse(session.expiresAt) <= now) {
    await deps.store.webSessions.delete(session.id);
    return undefined;
  }
  const user = await deps.store.users.getById(session.userId);
  if (!user || user.disabledAt) {
    await deps.store.webSessions.delete(session.id);
    return undefined;
  }
  const actor = await deps.store.actors.getById(user.actorId);
  if (!actor || actor.suspendedAt) return undefined;
  if (now - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
    const at = new Date(now).toISOString();
    const expiresAt = expiry(session.createdAt, now);
    await deps.store.webSessions.touch(session.id, at, expiresAt);
    await deps.store.users.update(user.id, { lastActiveAt: at });
    return { session: { ...session, lastSeenAt: at, expiresAt }, user, actor };
  }
  return { session, user, actor };
}

export async function endWebSession(deps: Deps, sessionId: string, userId: string): Promise<void> {
  await deps.store.webSessions.delete(sessionId);
  await audit(deps, { actor: `user:${userId}`, action: 'session.end', target: userId });
}

export type PasswordProblem = 'current' | 'tooShort' | 'mismatch' | 'same';

/**
 * Changes a password after checking the current one. Every other browser session and every app
 * token of the account ends: a password is changed when it may be known to someone else.
 */
export async function changePassword(
  deps: Deps, user: User, input: { current: string; next: string; confirm: string }, keepSessionId: string,
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const problems: Partial<Record<'current' | 'next' | 'confirm', PasswordProblem>> = {};
  if (!user.passwordHash || !(await verifyPassword(input.current, user.passwordHash))) problems.current = 'current';
  if ([...input.next].length < MIN_PASSWORD_LENGTH) problems.next = 'tooShort';
  else if (input.next === input.current) problems.next = 'same';
  if (input.confirm !== input.next) problems.confirm = 'mismatch';
  if (Object.keys(problems).length) {
    throw invalid('PASSWORD_CHANGE_INVALID', 'the password could not be changed', Object.entries(problems).map(([k, v]) => ({ pointer: `/${k}`, detail: v! })));
  }
  const passwordHash = await hashPassword(input.next);
  const at = deps.now().toISOString();
  return deps.store.transaction(async (tx) => {
    await tx.users.update(user.id, { passwordHash, mustChangePassword: false });
    const sessionsEnded = await tx.webSessions.deleteAllForUser(user.id, keepSessionId);
    const tokensRevoked = await tx.tokens.revokeAllForUser(user.id, at);
    await audit(deps, { actor: `user:${user.id}`, action: 'password.change', target: user.id, details: { sessionsEnded, tokensRevoked } }, tx);
    return { sessionsEnded, tokensRevoked };
  });
}

/** A login by e-mail address: the username it belongs to, or undefined. Case-insensitive, as e-mail is in practice. */
export async function usernameForEmail(deps: Deps, email: string): Promise<string | undefined> {
  const wanted = email.trim().toLowerCase();
  if (!wanted.includes('@')) return undefined;
  const users = await deps.store.users.list();
  const user = users.find((u) => u.email && u.email.toLowerCase() === wanted);
  if (!user) return undefined;
  return (await deps.store.actors.getById(user.actorId))?.username;
}

export function assertSignedIn<T>(value: T | null | undefined): T {
  if (!value) throw new DomainError('unauthorized', 'SIGN_IN_REQUIRED', 'sign in to continue');
  return value;
}
