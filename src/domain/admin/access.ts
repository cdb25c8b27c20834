import { forbidden } from '../../errors.js';
import type { User } from '../../store/port.js';

/**
 * The parts of the administration, and who may use each. Admins run all of it; moderators handle
 * reports and read the audit log (the same split as the admin API: assertStaff in
 * moderation/admin.ts); everyone else none. Author and publisher are about publishing, not this.
 */
export type AdminArea = 'people' | 'federation' | 'relays' | 'reports' | 'audit' | 'profile';
export const ADMIN_AREAS: readonly AdminArea[] = ['people', 'federation', 'relays', 'reports', 'audit', 'profile'];
const MODERATOR_AREAS: ReadonlySet<AdminArea> = new Set(['reports', 'audit']);

export function mayAdminister(user: Pick<User, 'role' | 'disabledAt'> | undefined | null, area: AdminArea): boolean {
  if (!user || user.disabledAt) return false;
  return user.role === 'admin' || (user.role === 'moderator' && MODERATOR_AREAS.has(area));
}

export function adminAreasOf(user: Pick<User, 'role' | 'disabledAt'> | undefined | null): AdminArea[] {
  return ADMIN_AREAS.filter((a) => mayAdminister(user, a));
}

export function assertMayAdminister(user: Pick<User, 'role' | 'disabledAt'> | undefined | null, area: AdminArea): void {
  if (!mayAdminister(user, area)) throw forbidden('ROLE_REQUIRED', area === 'reports' || area === 'audit' ? 'only moderators and admins may do this' : 'only admins may do this');
}
