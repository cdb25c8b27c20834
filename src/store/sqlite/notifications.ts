import type { Database } from 'better-sqlite3';
import type { NotificationFilter, NotificationPolicy, NotificationRepository, NotificationType, Page, PostSubscription, StoredNotification } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';
import { pageSql } from './paging.js';

function filterSql(f: NotificationFilter): { where: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  if (f.types?.length) {
    where.push(`type IN (${f.types.map(() => '?').join(', ')})`);
    params.push(...f.types);
  }
  if (f.excludeTypes?.length) {
    where.push(`type NOT IN (${f.excludeTypes.map(() => '?').join(', ')})`);
    params.push(...f.excludeTypes);
  }
  if (f.fromActorId) {
    where.push('from_actor_id = ?');
    params.push(f.fromActorId);
  }
  if (f.statusId) {
    where.push('status_id = ?');
    params.push(f.statusId);
  }
  return { where: where.length ? where.join(' AND ') : '1', params };
}

export class SqliteNotifications implements NotificationRepository {
  readonly t: Table<StoredNotification>;
  /** Read and written with its own statements below; the Table is for copies between stores. */
  readonly subscriptions: Table<PostSubscription>;
  readonly policies: Table<NotificationPolicy>;
  constructor(db: Database, private readonly run: Runner) {
    this.policies = new Table<NotificationPolicy>(db, 'notification_policies', {
      userId: 'text', forNotFollowing: 'text', forNotFollowers: 'text', forNewAccounts: 'text', forPrivateMentions: 'text', forLimitedAccounts: 'text', updatedAt: 'text',
    });
    this.t = new Table<StoredNotification>(db, 'notifications', { id: 'text', accountId: 'text', type: 'text', fromActorId: 'text', statusId: 'text', createdAt: 'text' });
    this.subscriptions = new Table<PostSubscription>(db, 'post_subscriptions', { followerId: 'text', followeeId: 'text' });
  }
  put(n: StoredNotification) {
    return this.run(() => {
      const existing = this.t.get(`account_id = ? AND type = ? AND from_actor_id = ? AND ifnull(status_id, '') = ?`, n.accountId, n.type, n.fromActorId, n.statusId ?? '');
      if (existing) return { notification: existing, created: false };
      this.t.insert(n);
      return { notification: n, created: true };
    });
  }
  getById(accountId: string, id: string) { return this.run(() => this.t.get('account_id = ? AND id = ?', accountId, id)); }
  list(accountId: string, filter: NotificationFilter, page: Page) {
    return this.run(() => {
      const f = filterSql(filter);
      const p = pageSql('id', page);
      const rows = this.t.all(`account_id = ? AND ${f.where} AND ${p.where} ORDER BY ${p.order} LIMIT ?`, accountId, ...f.params, ...p.params, page.limit);
      return p.ascending ? rows.reverse() : rows;
    });
  }
  count(accountId: string, filter: NotificationFilter & { sinceId?: string }) {
    return this.run(() => {
      const f = filterSql(filter);
      return this.t.count(`account_id = ? AND ${f.where} AND (? IS NULL OR id > ?)`, accountId, ...f.params, filter.sinceId ?? null, filter.sinceId ?? null);
    });
  }
  dismiss(accountId: string, id: string) {
    return this.run(() => this.t.stmt('DELETE FROM notifications WHERE account_id = ? AND id = ?').run(accountId, id).changes > 0);
  }
  clear(accountId: string) {
    return this.run(() => this.t.stmt('DELETE FROM notifications WHERE account_id = ?').run(accountId).changes);
  }
  setPostSubscription(followerId: string, followeeId: string, on: boolean) {
    return this.run(() => {
      if (on) this.t.stmt('INSERT OR IGNORE INTO post_subscriptions (follower_id, followee_id) VALUES (?, ?)').run(followerId, followeeId);
      else this.t.stmt('DELETE FROM post_subscriptions WHERE follower_id = ? AND followee_id = ?').run(followerId, followeeId);
    });
  }
  isPostSubscribed(followerId: string, followeeId: string) {
    return this.run(() => !!this.t.stmt('SELECT 1 FROM post_subscriptions WHERE follower_id = ? AND followee_id = ?').get(followerId, followeeId));
  }
  postSubscribers(followeeId: string) {
    return this.run(() => (this.t.stmt(`SELECT s.follower_id AS id FROM post_subscriptions s
      JOIN follows f ON f.follower_id = s.follower_id AND f.followee_id = s.followee_id AND f.state = 'accepted'
      JOIN actors a ON a.id = s.follower_id AND a.domain IS NULL WHERE s.followee_id = ?`).all(followeeId) as { id: string }[]).map((r) => r.id));
  }
  getPolicy(userId: string) { return this.run(() => this.policies.get('user_id = ?', userId)); }
  putPolicy(policy: NotificationPolicy) {
    return this.run(() => {
      this.policies.stmt(`INSERT INTO notification_policies (user_id, for_not_following, for_not_followers, for_new_accounts, for_private_mentions, for_limited_accounts, updated_at)
        VALUES (@user_id, @for_not_following, @for_not_followers, @for_new_accounts, @for_private_mentions, @for_limited_accounts, @updated_at)
        ON CONFLICT (user_id) DO UPDATE SET for_not_following = excluded.for_not_following, for_not_followers = excluded.for_not_followers,
        for_new_accounts = excluded.for_new_accounts, for_private_mentions = excluded.for_private_mentions,
        for_limited_accounts = excluded.for_limited_accounts, updated_at = excluded.updated_at`).run(this.policies.toRow(policy));
      return policy;
    });
  }
  removeWhere(m: { type: NotificationType; fromActorId: string; statusId?: string | null; accountId?: string }) {
    return this.run(() => this.t.stmt(`DELETE FROM notifications WHERE type = ? AND from_actor_id = ?
      AND (? = 0 OR ifnull(status_id, '') = ?) AND (? IS NULL OR account_id = ?)`)
      .run(m.type, m.fromActorId, m.statusId === undefined ? 0 : 1, m.statusId ?? '', m.accountId ?? null, m.accountId ?? null).changes);
  }
}
