import type { Database } from 'better-sqlite3';
import type { IdentityLink, IdentityLinkRepository } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteIdentityLinks implements IdentityLinkRepository {
  readonly t: Table<IdentityLink>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<IdentityLink>(db, 'identity_links', {
      id: 'text', issuer: 'text', subject: 'text', userId: 'text', createdAt: 'text', lastSignInAt: 'text',
    });
  }
  put(link: IdentityLink) { return this.run(() => (this.t.insert(link), link)); }
  get(issuer: string, subject: string) { return this.run(() => this.t.get('issuer = ? AND subject = ?', issuer, subject)); }
  listForUser(userId: string) { return this.run(() => this.t.all('user_id = ? ORDER BY created_at, id', userId)); }
  touch(id: string, lastSignInAt: string) { return this.run(() => void this.t.update('id', id, { lastSignInAt })); }
  delete(id: string) { return this.run(() => this.t.stmt('DELETE FROM identity_links WHERE id = ?').run(id).changes === 1); }
}
