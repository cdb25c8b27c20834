import type { Database } from 'better-sqlite3';
import type { AuthorizationCode, AuthorizationCodeRepository, OAuthApp, OAuthAppRepository } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteOAuthApps implements OAuthAppRepository {
  readonly t: Table<OAuthApp>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<OAuthApp>(db, 'oauth_apps', {
      id: 'text', name: 'text', website: 'text', redirectUris: 'json', scopes: 'json', clientId: 'text',
      clientSecretHash: 'text', createdAt: 'text',
    });
  }
  put(app: OAuthApp) { return this.run(() => (this.t.insert(app), app)); }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  getByClientId(clientId: string) { return this.run(() => this.t.get('client_id = ?', clientId)); }
}

export class SqliteAuthorizationCodes implements AuthorizationCodeRepository {
  readonly t: Table<AuthorizationCode>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<AuthorizationCode>(db, 'oauth_authorization_codes', {
      id: 'text', codeHash: 'text', appId: 'text', userId: 'text', redirectUri: 'text', scopes: 'json',
      codeChallenge: 'text', codeChallengeMethod: 'text', createdAt: 'text', expiresAt: 'text', usedAt: 'text', tokenId: 'text',
    });
  }
  put(code: AuthorizationCode) { return this.run(() => (this.t.insert(code), code)); }
  getByHash(codeHash: string) { return this.run(() => this.t.get('code_hash = ?', codeHash)); }
  consume(id: string, at: string, tokenId: string) {
    return this.run(() => this.t.stmt('UPDATE oauth_authorization_codes SET used_at = ?, token_id = ? WHERE id = ? AND used_at IS NULL').run(at, tokenId, id).changes === 1);
  }
  deleteExpired(beforeIso: string) {
    return this.run(() => this.t.stmt('DELETE FROM oauth_authorization_codes WHERE expires_at < ?').run(beforeIso).changes);
  }
}
