import { DomainError, forbidden, invalid } from '../../errors.js';
import type { Actor, StaffRole, Store, User, UserRole } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { audit } from '../audit.js';
import { getLocalLogin } from './accounts.js';

export const STAFF_ROLES: readonly StaffRole[] = ['author', 'publisher'];
export const ACCESS_ROLES: readonly UserRole[] = ['user', 'moderator', 'admin'];

/**
 * Whether `user` may act in the agency's name at once: publish and revise solutions, report
 * adoptions, follow agencies. With approval off every staff member may (the instance chose to
 * trust its staff); with it on, only publishers, and authors' work becomes drafts.
 */
export function actsForAgency(config: Deps['config'], user: Pick<User, 'staffRole' | 'disabledAt'> | undefined): boolean {
  if (!user || user.disabledAt) return false;
  return !config.solutions.requireApproval || user.staffRole === 'publisher';
}

/** Publishers decide on drafts; approval off, there are no drafts to decide on. */
export function isPublisher(user: Pick<User, 'staffRole' | 'disabledAt'> | undefined): boolean {
  return !!user && !user.disabledAt && user.staffRole === 'publisher';
}

/** The login behind a local actor that must act for the agency: PUBLISHER_REQUIRED otherwise. */
export async function assertActsForAgency(deps: Pick<Deps, 'store' | 'config'>, by: Actor, what: string, store: Store = deps.store): Promise<User> {
  const user = by.domain === null ? await store.users.getByActorId(by.id) : undefined;
  if (!actsForAgency(deps.config, user)) throw forbidden('PUBLISHER_REQUIRED', `only a publisher may ${what} in the agency's name`);
  return user!;
}

export async function assertPublisher(deps: Pick<Deps, 'store'>, by: Actor, what: string): Promise<User> {
  const user = by.domain === null ? await deps.store.users.getByActorId(by.id) : undefined;
  if (!isPublisher(user)) throw forbidden('PUBLISHER_REQUIRED', `only a publisher of this agency may ${what}`);
  return user!;
}

export interface RoleChange {
  username: string;
  role?: UserRole;
  staffRole?: StaffRole;
  /** Who changes it, for the audit log (a username, 'cli', 'oidc'). */
  by: string;
}

/**
 * THE way roles change (web admin, CLI, SSO sign-in): checked, audited, and never leaving the
 * instance without an enabled admin. Returns the user as stored; a change to the same roles
 * writes nothing.
 */
export async function setAccountRoles(deps: Deps, change: RoleChange): Promise<User> {
  if (change.role !== undefined && !ACCESS_ROLES.includes(change.role)) throw invalid('BAD_ROLE', `role must be one of ${ACCESS_ROLES.join(', ')}`);
  if (change.staffRole !== undefined && !STAFF_ROLES.includes(change.staffRole)) throw invalid('BAD_ROLE', `staff role must be one of ${STAFF_ROLES.join(', ')}`);
  const { user } = await getLocalLogin(deps, change.username);
  const patch: Partial<User> = {};
  if (change.role !== undefined && change.role !== user.role) patch.role = change.role;
  if (change.staffRole !== undefined && change.staffRole !== user.staffRole) patch.staffRole = change.staffRole;
  if (!Object.keys(patch).length) return user;
  return deps.store.transaction(async (tx) => {
    if (user.role === 'admin' && patch.role && !user.disabledAt && (await tx.users.count({ role: 'admin', enabledOnly: true })) <= 1) {
      throw new DomainError('conflict', 'LAST_ADMIN', `"${change.username}" is the only enabled admin; make another admin first`);
    }
    const updated = (await tx.users.update(user.id, patch))!;
    await audit(deps, {
      actor: change.by, action: 'account.roles', target: change.username,
      details: { from: { role: user.role, staffRole: user.staffRole }, to: { role: updated.role, staffRole: updated.staffRole } },
    }, tx);
    return updated;
  });
}
