import type { Database } from 'better-sqlite3';
import type { StaffRole, User, UserPatch, UserRepository, UserRole } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteUsers implements UserRepository {
  readonly t: Table<User>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<User>(db, 'users', {
      id: 'text', actorId: 'text', role: 'text', staffRole: 'text', email: 'text', passwordHash: 'text', mustChangePassword: 'bool',
      disabledAt: 'text', createdAt: 'text', lastActiveAt: 'text',
    });
  }
  put(user: User) { return this.run(() => (this.t.insert(user), user)); }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  getByActorId(actorId: string) { return this.run(() => this.t.get('actor_id = ?', actorId)); }
  update(id: string, patch: UserPatch) {
    return this.run(() => (this.t.update('id', id, patch), this.t.get('id = ?', id)));
  }
  list() { return this.run(() => this.t.all('1 ORDER BY id')); }
  delete(id: string) { return this.run(() => this.t.stmt('DELETE FROM users WHERE id = ?').run(id).changes > 0); }
  count(filter: { role?: UserRole; staffRole?: StaffRole; enabledOnly?: boolean } = {}) {
    return this.run(() => this.t.count(
      '(? IS NULL OR role = ?) AND (? IS NULL OR staff_role = ?) AND (? = 0 OR disabled_at IS NULL)',
      filter.role ?? null, filter.role ?? null, filter.staffRole ?? null, filter.staffRole ?? null, filter.enabledOnly ? 1 : 0,
    ));
  }
  countActiveSince(sinceIso: string) {
    return this.run(() => this.t.count('disabled_at IS NULL AND last_active_at >= ?', sinceIso));
  }
}
