import type { Database } from 'better-sqlite3';
import type { AccessToken, TokenRepository } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteTokens implements TokenRepository {
  readonly t: Table<AccessToken>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<AccessToken>(db, 'access_tokens', {
      id: 'text', tokenHash: 'text', userId: 'text', appId: 'text', scopes: 'json', refreshTokenHash: 'text',
      createdAt: 'text', expiresAt: 'text', revokedAt: 'text', lastUsedAt: 'text',
    });
  }
  put(token: AccessToken) { return this.run(() => (this.t.insert(token), token)); }
  getByHash(tokenHash: string) { return this.run(() => this.t.get('token_hash = ?', tokenHash)); }
  getByRefreshHash(refreshHash: string) { return this.run(() => this.t.get('refresh_token_hash = ?', refreshHash)); }
  revoke(id: string, at: string) {
    return this.run(() => void this.t.stmt('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id));
  }
  revokeAllForUser(userId: string, at: string) {
    return this.run(() => this.t.stmt('UPDATE access_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes);
  }
  touch(id: string, at: string) { return this.run(() => void this.t.update('id', id, { lastUsedAt: at })); }
  listForUser(userId: string) { return this.run(() => this.t.all('user_id = ? ORDER BY id', userId)); }
}
