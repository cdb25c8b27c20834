import { hashPassword, hashToken, randomSecret } from '../../crypto/keys.js';
import { newId } from '../../ids.js';
import { DomainError, invalid } from '../../errors.js';
import type { AccountLink, AccountLinkPurpose, Actor, StaffRole, User, UserRole } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { audit } from '../audit.js';
import { createAccount, getLocalLogin, MIN_PASSWORD_LENGTH, type CreatedAccount } from '../accounts/accounts.js';
import { startWebSession } from '../auth/web-sessions.js';
import { sendMail, mailConfigured } from './mail.js';

/** How long a link works: an invitation a week (people read mail on Monday), a reset an hour. */
export const LINK_TTL_MS: Record<AccountLinkPurpose, number> = { invite: 7 * 24 * 3600 * 1000, reset: 3600 * 1000 };

/** The path of a link; the secret is the last segment. */
export const LINK_PATH = '/auth/link/';

export interface IssuedLink {
  /** The whole link with its secret: shown once to whoever made it, never stored. */
  url: string;
  link: AccountLink;
  username: string;
  /** The address the link was sent to; null when no mail went (no SMTP, no address, or it failed). */
  mailedTo: string | null;
  /** Set when sending the mail failed: the link still works and was shown. */
  mailError?: string;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,63}$/i;

export function isEmail(text: string): boolean {
  return EMAIL.test(text);
}

/**
 * Makes a new one-time link for a login: every earlier unused link of it stops working (the
 * newest is the only one). An account that has never had a password gets an invitation, others a
 * reset. A disabled account gets none: enable it first.
 */
export async function issueAccountLink(deps: Deps, input: { username: string; by: string; ip?: string | null; mail?: boolean }): Promise<IssuedLink> {
  const { actor, user } = await getLocalLogin(deps, input.username);
  if (user.disabledAt) throw new DomainError('conflict', 'ACCOUNT_DISABLED', `account "${input.username}" is disabled; enable it before making a link`);
  const purpose: AccountLinkPurpose = user.passwordHash ? 'reset' : 'invite';
  const secret = randomSecret(32);
  const now = deps.now();
  const at = now.toISOString();
  const link: AccountLink = {
    id: newId(now.getTime()), tokenHash: hashToken(secret), purpose, userId: user.id, createdBy: input.by, createdAt: at,
    expiresAt: new Date(now.getTime() + LINK_TTL_MS[purpose]).toISOString(), usedAt: null,
  };
  await deps.store.transaction(async (tx) => {
    const voided = await tx.accountLinks.voidForUser(user.id, at);
    await tx.accountLinks.put(link);
    await tx.accountLinks.deleteExpired(at);
    await audit(deps, { actor: input.by, action: `account.link.${purpose}`, target: actor.username, details: { linkId: link.id, expiresAt: link.expiresAt, earlierLinksVoided: voided }, ip: input.ip }, tx);
  });
  const url = `${deps.urls.base}${LINK_PATH}${secret}`;
  const issued: IssuedLink = { url, link, username: actor.username, mailedTo: null };
  if (input.mail !== false && user.email && mailConfigured(deps)) {
    try {
      await sendMail(deps, { to: user.email, ...linkMail(deps, actor, purpose, url, link.expiresAt) });
      issued.mailedTo = user.email;
    } catch (e) {
      deps.log.warn({ err: e, username: actor.username }, 'the link mail could not be sent');
      issued.mailError = (e as Error).message;
    }
  }
  return issued;
}

/** The mail: plain text, in the instance's first language would need the web catalogues; English and the link suffice. */
function linkMail(deps: Deps, actor: Actor, purpose: AccountLinkPurpose, url: string, expiresAt: string): { subject: string; text: string } {
  const site = deps.config.instance.title ?? deps.config.instance.agencyDisplayName;
  const until = expiresAt.replace('T', ' ').slice(0, 16);
  return purpose === 'invite'
    ? {
        subject: `Your account at ${site}`,
        text: `Hello ${actor.displayName || actor.username},\n\nan account "${actor.username}" has been made for you at ${site} (${deps.urls.host}).\nOpen this link to choose your password and sign in:\n\n${url}\n\nThe link works once, until ${until} UTC.\n`,
      }
    : {
        subject: `Set a new password at ${site}`,
        text: `Hello ${actor.displayName || actor.username},\n\nan administrator of ${site} (${deps.urls.host}) made a link for you to set a new password for "${actor.username}":\n\n${url}\n\nThe link works once, until ${until} UTC. Your current password keeps working until you set the new one.\n`,
      };
}

export interface InviteInput {
  username: string;
  displayName?: string;
  email?: string;
  role?: UserRole;
  staffRole?: StaffRole;
  by: string;
  ip?: string | null;
}

/**
 * A new account without a password, and its invitation link. The e-mail address, when given,
 * must be one no other login has (sign-in accepts it instead of the username).
 */
export async function inviteAccount(deps: Deps, input: InviteInput): Promise<{ account: CreatedAccount; issued: IssuedLink }> {
  const email = input.email?.trim() || undefined;
  if (email !== undefined) {
    if (!isEmail(email)) throw invalid('EMAIL_INVALID', `"${email}" is not an e-mail address`, [{ pointer: '/email', detail: 'invalid' }]);
    const taken = (await deps.store.users.list()).some((u) => u.email && u.email.toLowerCase() === email.toLowerCase());
    if (taken) throw new DomainError('conflict', 'EMAIL_TAKEN', `another account has the e-mail address "${email}"`, { errors: [{ pointer: '/email', detail: 'taken' }] });
  }
  const account = await createAccount(deps, {
    username: input.username, displayName: input.displayName?.trim() || undefined, email, role: input.role, staffRole: input.staffRole,
    noPassword: true, by: input.by,
  });
  const issued = await issueAccountLink(deps, { username: account.actor.username, by: input.by, ip: input.ip });
  return { account, issued };
}

export interface OpenedLink {
  link: AccountLink;
  user: User;
  actor: Actor;
}

const LINK_GONE = () => new DomainError('gone', 'LINK_INVALID', 'this link has expired or was already used; ask an administrator for a new one');

/** The link behind a secret, if it still works. Looking does not use it up. */
export async function openAccountLink(deps: Deps, secret: string): Promise<OpenedLink> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(secret)) throw LINK_GONE();
  const link = await deps.store.accountLinks.getByTokenHash(hashToken(secret));
  if (!link || link.usedAt || Date.parse(link.expiresAt) <= deps.now().getTime()) throw LINK_GONE();
  const user = await deps.store.users.getById(link.userId);
  const actor = user && (await deps.store.actors.getById(user.actorId));
  if (!user || !actor || user.disabledAt || actor.suspendedAt) throw LINK_GONE();
  return { link, user, actor };
}

export type NewPasswordProblem = 'tooShort' | 'mismatch';

/**
 * Sets the password through a link and signs the person in. The link is used up in the same
 * transaction as the password is written; every earlier session and app token of the account
 * ends (the old password may be known to someone), and a new session starts.
 */
export async function redeemAccountLink(
  deps: Deps, secret: string, input: { password: string; confirm: string }, client: { userAgent?: string; ip?: string | null },
): Promise<{ user: User; actor: Actor; purpose: AccountLinkPurpose; session: { secret: string } }> {
  const { link, user, actor } = await openAccountLink(deps, secret);
  const problems: Partial<Record<'password' | 'confirm', NewPasswordProblem>> = {};
  if ([...input.password].length < MIN_PASSWORD_LENGTH) problems.password = 'tooShort';
  if (input.confirm !== input.password) problems.confirm = 'mismatch';
  if (Object.keys(problems).length) {
    throw invalid('PASSWORD_INVALID', 'the password could not be set', Object.entries(problems).map(([k, v]) => ({ pointer: `/${k}`, detail: v! })));
  }
  const passwordHash = await hashPassword(input.password);
  const at = deps.now().toISOString();
  const updated = await deps.store.transaction(async (tx) => {
    if (!(await tx.accountLinks.consume(link.id, at))) throw LINK_GONE();
    const u = (await tx.users.update(user.id, { passwordHash, mustChangePassword: false }))!;
    const sessionsEnded = await tx.webSessions.deleteAllForUser(user.id);
    const tokensRevoked = await tx.tokens.revokeAllForUser(user.id, at);
    await audit(deps, { actor: `user:${user.id}`, action: `account.link.used`, target: actor.username, details: { linkId: link.id, purpose: link.purpose, sessionsEnded, tokensRevoked }, ip: client.ip ?? null }, tx);
    return u;
  });
  const session = await startWebSession(deps, updated, client);
  return { user: updated, actor, purpose: link.purpose, session: { secret: session.secret } };
}

/** Whether a login is waiting for its invitation to be used: no password yet, and no single sign-on. */
export function isInvited(user: Pick<User, 'passwordHash'>, ssoLinked = false): boolean {
  return !user.passwordHash && !ssoLinked;
}
