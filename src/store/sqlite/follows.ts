import type { Database } from 'better-sqlite3';
import type { Follow, FollowRepository, FollowState } from '../port.js';
import { Table, deleteLimit } from './table.js';
import type { Runner } from './gate.js';

export class SqliteFollows implements FollowRepository {
  readonly t: Table<Follow>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<Follow>(db, 'follows', {
      id: 'text', uri: 'text', followerId: 'text', followeeId: 'text', state: 'text', createdAt: 'text', updatedAt: 'text',
    });
  }
  put(follow: Follow) { return this.run(() => (this.t.insert(follow), follow)); }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  getByUri(uri: string) { return this.run(() => this.t.get('uri = ?', uri)); }
  getByPair(followerId: string, followeeId: string) { return this.run(() => this.t.get('follower_id = ? AND followee_id = ?', followerId, followeeId)); }
  setState(id: string, state: FollowState, now: string) { return this.run(() => void this.t.update('id', id, { state, updatedAt: now })); }
  delete(id: string) { return this.run(() => this.t.stmt('DELETE FROM follows WHERE id = ?').run(id).changes === 1); }
  deleteAllOf(actorId: string, limit?: number) {
    return this.run(() => this.t.stmt('DELETE FROM follows WHERE follower_id = ? OR followee_id = ? LIMIT ?').run(actorId, actorId, deleteLimit(limit)).changes);
  }
  listFollowers(followeeId: string, o: { state: FollowState; limit: number; beforeId?: string }) {
    return this.run(() => this.t.all('followee_id = ? AND state = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?', followeeId, o.state, o.beforeId ?? null, o.beforeId ?? null, o.limit));
  }
  listFollowing(followerId: string, o: { state: FollowState; limit: number; beforeId?: string }) {
    return this.run(() => this.t.all('follower_id = ? AND state = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?', followerId, o.state, o.beforeId ?? null, o.beforeId ?? null, o.limit));
  }
  countFollowers(followeeId: string, state?: FollowState) { return this.run(() => this.t.count('followee_id = ? AND ifnull(?, state) = state', followeeId, state ?? null)); }
  countFollowing(followerId: string, state?: FollowState) { return this.run(() => this.t.count('follower_id = ? AND ifnull(?, state) = state', followerId, state ?? null)); }
  followerInboxes(followeeId: string) {
    return this.run(() => (this.t.stmt(`SELECT DISTINCT coalesce(a.shared_inbox, a.inbox) AS inbox FROM follows f JOIN actors a ON a.id = f.follower_id
      WHERE f.followee_id = ? AND f.state = 'accepted' AND a.domain IS NOT NULL AND a.suspended_at IS NULL ORDER BY inbox`).all(followeeId) as { inbox: string }[]).map((r) => r.inbox));
  }
  deleteFollowersReachedAt(followeeId: string, inbox: string) {
    return this.run(() => this.t.stmt(`DELETE FROM follows WHERE followee_id = ? AND follower_id IN
      (SELECT id FROM actors WHERE domain IS NOT NULL AND (inbox = ? OR shared_inbox = ?))`).run(followeeId, inbox, inbox).changes);
  }
}
