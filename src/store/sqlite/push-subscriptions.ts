import type { Database } from 'better-sqlite3';
import type { PushSubscription, PushSubscriptionRepository } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqlitePushSubscriptions implements PushSubscriptionRepository {
  readonly t: Table<PushSubscription>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<PushSubscription>(db, 'push_subscriptions', {
      id: 'text', tokenId: 'text', userId: 'text', accountId: 'text', endpoint: 'text', p256dh: 'text', auth: 'text',
      alerts: 'json', policy: 'text', standard: 'bool', tokenSealed: 'text', createdAt: 'text', updatedAt: 'text',
    });
  }
  putForToken(s: PushSubscription) {
    return this.run(() => {
      this.t.stmt('DELETE FROM push_subscriptions WHERE token_id = ?').run(s.tokenId);
      this.t.insert(s);
      return s;
    });
  }
  getByToken(tokenId: string) { return this.run(() => this.t.get('token_id = ?', tokenId)); }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  update(id: string, patch: Partial<Pick<PushSubscription, 'alerts' | 'policy' | 'updatedAt'>>) {
    return this.run(() => (this.t.update('id', id, patch), this.t.get('id = ?', id)));
  }
  deleteByToken(tokenId: string) { return this.run(() => this.t.stmt('DELETE FROM push_subscriptions WHERE token_id = ?').run(tokenId).changes > 0); }
  delete(id: string) { return this.run(() => this.t.stmt('DELETE FROM push_subscriptions WHERE id = ?').run(id).changes > 0); }
  listByAccount(accountId: string) { return this.run(() => this.t.all('account_id = ? ORDER BY id', accountId)); }
}
