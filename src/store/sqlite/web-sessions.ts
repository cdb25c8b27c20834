import type { Database } from 'better-sqlite3';
import type { WebSession, WebSessionRepository } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteWebSessions implements WebSessionRepository {
  readonly t: Table<WebSession>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<WebSession>(db, 'web_sessions', {
      id: 'text', secretHash: 'text', userId: 'text', createdAt: 'text', lastSeenAt: 'text', expiresAt: 'text', userAgent: 'text', ip: 'text',
    });
  }
  put(session: WebSession) { return this.run(() => (this.t.insert(session), session)); }
  getBySecretHash(secretHash: string) { return this.run(() => this.t.get('secret_hash = ?', secretHash)); }
  touch(id: string, lastSeenAt: string, expiresAt: string) { return this.run(() => void this.t.update('id', id, { lastSeenAt, expiresAt })); }
  delete(id: string) { return this.run(() => this.t.stmt('DELETE FROM web_sessions WHERE id = ?').run(id).changes === 1); }
  deleteAllForUser(userId: string, exceptId?: string) {
    return this.run(() => this.t.stmt('DELETE FROM web_sessions WHERE user_id = ? AND (? IS NULL OR id <> ?)').run(userId, exceptId ?? null, exceptId ?? null).changes);
  }
  listForUser(userId: string) { return this.run(() => this.t.all('user_id = ? ORDER BY created_at, id', userId)); }
  deleteExpired(at: string) { return this.run(() => this.t.stmt('DELETE FROM web_sessions WHERE expires_at <= ?').run(at).changes); }
}
