import type { Database } from 'better-sqlite3';
import type { AccountLink, AccountLinkRepository } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteAccountLinks implements AccountLinkRepository {
  readonly t: Table<AccountLink>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<AccountLink>(db, 'account_links', {
      id: 'text', tokenHash: 'text', purpose: 'text', userId: 'text', createdBy: 'text', createdAt: 'text', expiresAt: 'text', usedAt: 'text',
    });
  }
  put(link: AccountLink) { return this.run(() => (this.t.insert(link), link)); }
  getByTokenHash(tokenHash: string) { return this.run(() => this.t.get('token_hash = ?', tokenHash)); }
  consume(id: string, at: string) {
    return this.run(() => {
      const changed = this.t.stmt('UPDATE account_links SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?').run(at, id, at).changes;
      return changed === 1 ? this.t.get('id = ?', id) : undefined;
    });
  }
  voidForUser(userId: string, at: string) {
    return this.run(() => this.t.stmt('UPDATE account_links SET used_at = ? WHERE user_id = ? AND used_at IS NULL').run(at, userId).changes);
  }
  listForUser(userId: string) { return this.run(() => this.t.all('user_id = ? ORDER BY created_at DESC, id DESC', userId)); }
  deleteExpired(at: string) { return this.run(() => this.t.stmt('DELETE FROM account_links WHERE expires_at <= ?').run(at).changes); }
}
