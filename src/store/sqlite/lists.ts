import type { Database } from 'better-sqlite3';
import type { ListRepository, UserList, UserListPatch } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteLists implements ListRepository {
  readonly t: Table<UserList>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<UserList>(db, 'lists', {
      id: 'text', userId: 'text', title: 'text', repliesPolicy: 'text', exclusive: 'bool', createdAt: 'text', updatedAt: 'text',
    });
  }
  put(list: UserList) { return this.run(() => (this.t.insert(list), list)); }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  listForUser(userId: string) { return this.run(() => this.t.all('user_id = ? ORDER BY id', userId)); }
  countForUser(userId: string) { return this.run(() => this.t.count('user_id = ?', userId)); }
  update(id: string, patch: UserListPatch) {
    return this.run(() => {
      this.t.update('id', id, patch);
      return this.t.get('id = ?', id);
    });
  }
  delete(id: string) { return this.run(() => this.t.stmt('DELETE FROM lists WHERE id = ?').run(id).changes === 1); }
}
