import type { Database } from 'better-sqlite3';
import type { AgencyFeedHidden, AgencyFeedRepository, Relay, RelayRepository, RelayState } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteRelays implements RelayRepository {
  readonly t: Table<Relay>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<Relay>(db, 'relays', { id: 'text', actorUri: 'text', inbox: 'text', followUri: 'text', state: 'text', createdAt: 'text', updatedAt: 'text' });
  }
  put(relay: Relay) { return this.run(() => (this.t.insert(relay), relay)); }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  getByActorUri(uri: string) { return this.run(() => this.t.get('actor_uri = ?', uri)); }
  getByFollowUri(uri: string) { return this.run(() => this.t.get('follow_uri = ?', uri)); }
  list() { return this.run(() => this.t.all('1 = 1 ORDER BY id')); }
  setState(id: string, state: RelayState, now: string) { return this.run(() => { this.t.update('id', id, { state, updatedAt: now }); }); }
  delete(id: string) { return this.run(() => this.t.stmt('DELETE FROM relays WHERE id = ?').run(id).changes === 1); }
}

export class SqliteAgencyFeed implements AgencyFeedRepository {
  readonly t: Table<AgencyFeedHidden>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<AgencyFeedHidden>(db, 'agency_feed_hidden', { accountId: 'text', authorId: 'text', createdAt: 'text' });
  }
  hide(entry: AgencyFeedHidden) {
    return this.run(() => {
      this.t.stmt('INSERT OR IGNORE INTO agency_feed_hidden (account_id, author_id, created_at) VALUES (@account_id, @author_id, @created_at)').run(this.t.toRow(entry));
    });
  }
  show(accountId: string, authorId: string) {
    return this.run(() => this.t.stmt('DELETE FROM agency_feed_hidden WHERE account_id = ? AND author_id = ?').run(accountId, authorId).changes === 1);
  }
  isHidden(accountId: string, authorId: string) { return this.run(() => this.t.count('account_id = ? AND author_id = ?', accountId, authorId) > 0); }
  hiddenBy(accountId: string, limit: number) {
    return this.run(() => (this.t.stmt('SELECT author_id FROM agency_feed_hidden WHERE account_id = ? ORDER BY author_id LIMIT ?').all(accountId, limit) as { author_id: string }[]).map((r) => r.author_id));
  }
}
