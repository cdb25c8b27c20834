import type { Database } from 'better-sqlite3';
import type { FilterKeyword, FilterRepository, FilterStatus, UserFilter, UserFilterPatch } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

const inList = (ids: string[]) => ids.map(() => '?').join(', ');

export class SqliteFilters implements FilterRepository {
  readonly t: Table<UserFilter>;
  readonly keywords: Table<FilterKeyword>;
  readonly statuses: Table<FilterStatus>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<UserFilter>(db, 'filters', {
      id: 'text', userId: 'text', title: 'text', context: 'json', action: 'text', expiresAt: 'text', createdAt: 'text', updatedAt: 'text',
    });
    this.keywords = new Table<FilterKeyword>(db, 'filter_keywords', { id: 'text', filterId: 'text', keyword: 'text', wholeWord: 'bool', createdAt: 'text' });
    this.statuses = new Table<FilterStatus>(db, 'filter_statuses', { id: 'text', filterId: 'text', statusId: 'text', createdAt: 'text' });
  }
  put(filter: UserFilter) { return this.run(() => (this.t.insert(filter), filter)); }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  listForUser(userId: string) { return this.run(() => this.t.all('user_id = ? ORDER BY id', userId)); }
  update(id: string, patch: UserFilterPatch) {
    return this.run(() => {
      this.t.update('id', id, patch);
      return this.t.get('id = ?', id);
    });
  }
  delete(id: string) { return this.run(() => this.t.stmt('DELETE FROM filters WHERE id = ?').run(id).changes === 1); }

  putKeyword(k: FilterKeyword) { return this.run(() => (this.keywords.insert(k), k)); }
  getKeyword(id: string) { return this.run(() => this.keywords.get('id = ?', id)); }
  updateKeyword(id: string, patch: Partial<Pick<FilterKeyword, 'keyword' | 'wholeWord'>>) {
    return this.run(() => {
      this.keywords.update('id', id, patch);
      return this.keywords.get('id = ?', id);
    });
  }
  deleteKeyword(id: string) { return this.run(() => this.keywords.stmt('DELETE FROM filter_keywords WHERE id = ?').run(id).changes === 1); }
  keywordsOf(filterIds: string[]) {
    if (filterIds.length === 0) return Promise.resolve([]);
    return this.run(() => this.keywords.all(`filter_id IN (${inList(filterIds)}) ORDER BY id`, ...filterIds));
  }

  putStatus(s: FilterStatus) { return this.run(() => (this.statuses.insert(s), s)); }
  getStatus(id: string) { return this.run(() => this.statuses.get('id = ?', id)); }
  deleteStatus(id: string) { return this.run(() => this.statuses.stmt('DELETE FROM filter_statuses WHERE id = ?').run(id).changes === 1); }
  statusesOf(filterIds: string[]) {
    if (filterIds.length === 0) return Promise.resolve([]);
    return this.run(() => this.statuses.all(`filter_id IN (${inList(filterIds)}) ORDER BY id`, ...filterIds));
  }
}
