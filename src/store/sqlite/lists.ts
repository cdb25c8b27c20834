import type { Database } from 'better-sqlite3';
import type { ListMember, ListRepository, UserList, UserListPatch } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteLists implements ListRepository {
  readonly t: Table<UserList>;
  readonly memberTable: Table<ListMember>;
  constructor(db: Database, private readonly run: Runner) {
    this.memberTable = new Table<ListMember>(db, 'list_members', { id: 'text', listId: 'text', actorId: 'text', createdAt: 'text' });
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
  addMember(m: ListMember) {
    return this.run(() => {
      this.t.stmt('INSERT INTO list_members (id, list_id, actor_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (list_id, actor_id) DO NOTHING')
        .run(m.id, m.listId, m.actorId, m.createdAt);
    });
  }
  removeMember(listId: string, actorId: string) {
    return this.run(() => this.t.stmt('DELETE FROM list_members WHERE list_id = ? AND actor_id = ?').run(listId, actorId).changes > 0);
  }
  members(listId: string, o: { limit: number; beforeId?: string; afterId?: string }) {
    return this.run(() => {
      if (o.afterId !== undefined && o.beforeId === undefined) {
        return this.memberTable.all('list_id = ? AND id > ? ORDER BY id ASC LIMIT ?', listId, o.afterId, o.limit).reverse();
      }
      return this.memberTable.all('list_id = ? AND (? IS NULL OR id < ?) AND (? IS NULL OR id > ?) ORDER BY id DESC LIMIT ?',
        listId, o.beforeId ?? null, o.beforeId ?? null, o.afterId ?? null, o.afterId ?? null, o.limit);
    });
  }
  memberIds(listId: string, limit: number) {
    return this.run(() => (this.t.stmt('SELECT actor_id FROM list_members WHERE list_id = ? ORDER BY id LIMIT ?').all(listId, limit) as { actor_id: string }[]).map((r) => r.actor_id));
  }
  listsWithMember(userId: string, actorId: string) {
    return this.run(() => this.t.all('user_id = ? AND id IN (SELECT list_id FROM list_members WHERE actor_id = ?) ORDER BY id', userId, actorId));
  }
  removeFromUserLists(userId: string, actorId: string) {
    return this.run(() => this.t.stmt('DELETE FROM list_members WHERE actor_id = ? AND list_id IN (SELECT id FROM lists WHERE user_id = ?)').run(actorId, userId).changes);
  }
}
