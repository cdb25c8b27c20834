import type { Database } from 'better-sqlite3';
import type { Actor, ActorCounts, ActorPatch, ActorRepository, NewActor } from '../port.js';
import { Table } from './table.js';
import { inChunks } from './batch.js';
import type { Runner } from './gate.js';

export class SqliteActors implements ActorRepository {
  readonly t: Table<Actor>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<Actor>(db, 'actors', {
      id: 'text', uri: 'text', username: 'text', domain: 'text', type: 'text', displayName: 'text', summary: 'text',
      url: 'text', inbox: 'text', sharedInbox: 'text', outbox: 'text', followersUri: 'text', followingUri: 'text',
      featuredUri: 'text', publicKeyId: 'text', publicKeyPem: 'text', privateKeyPem: 'text',
      manuallyApprovesFollowers: 'bool', discoverable: 'bool', indexable: 'bool', avatarUrl: 'text', headerUrl: 'text',
      fields: 'json', raw: 'json', createdAt: 'text', updatedAt: 'text', fetchedAt: 'text', suspendedAt: 'text', deletedAt: 'text',
    });
  }

  put(actor: NewActor): Promise<Actor> {
    return this.run(() => {
      const now = new Date().toISOString();
      const full: Actor = { ...actor, createdAt: actor.createdAt ?? now, updatedAt: actor.updatedAt ?? now, deletedAt: actor.deletedAt ?? null };
      this.t.insert(full);
      return full;
    });
  }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  getByUri(uri: string) { return this.run(() => this.t.get('uri = ?', uri)); }
  getMany(keys: { ids?: string[]; uris?: string[] }) {
    return this.run(() => {
      const byId = inChunks(keys.ids ?? [], (json) => this.t.all('id IN (SELECT value FROM json_each(?))', json));
      const seen = new Set(byId.map((a) => a.id));
      const byUri = inChunks(keys.uris ?? [], (json) => this.t.all('uri IN (SELECT value FROM json_each(?))', json)).filter((a) => !seen.has(a.id) && (seen.add(a.id), true));
      return [...byId, ...byUri];
    });
  }
  countsOf(actorIds: string[]) {
    // Correlated subqueries over follows_followee and follows_follower (the ranges
    // countFollowers/countFollowing read) and a look-up of the statuses the triggers of
    // migration 029 keep per actor, once per actor, in one statement.
    const sql = `SELECT k.value AS actor_id,
      (SELECT count(*) FROM follows WHERE followee_id = k.value AND state = 'accepted') AS followers,
      (SELECT count(*) FROM follows WHERE follower_id = k.value AND state = 'accepted') AS following,
      ifnull(s.statuses, 0) AS statuses, s.last_status_at AS last_status_at
      FROM json_each(?) k LEFT JOIN actor_status_counts s ON s.actor_id = k.value`;
    type Row = { actor_id: string; followers: number; following: number; statuses: number; last_status_at: string | null };
    return this.run(() => inChunks(actorIds, (json) => (this.t.stmt(sql).all(json) as Row[]).map((r): ActorCounts => ({
      actorId: r.actor_id, followers: r.followers, following: r.following, statuses: r.statuses, lastStatusAt: r.last_status_at,
    }))));
  }
  getByKeyId(keyId: string) { return this.run(() => this.t.get('public_key_id = ?', keyId)); }
  getByUsername(username: string, domain: string | null) {
    return this.run(() => this.t.get("username = ? COLLATE NOCASE AND ifnull(domain, '') = ?", username, domain ?? ''));
  }
  update(id: string, patch: ActorPatch) {
    return this.run(() => {
      this.t.update('id', id, { ...patch, updatedAt: patch.updatedAt ?? new Date().toISOString() });
      return this.t.get('id = ?', id);
    });
  }
  listLocal(options: { limit?: number; afterId?: string } = {}) {
    return this.run(() => this.t.all('domain IS NULL AND id > ? ORDER BY id LIMIT ?', options.afterId ?? '', options.limit ?? 1000));
  }
  countLocal() { return this.run(() => this.t.count('domain IS NULL')); }
  suspendDomain(domain: string, at: string) {
    return this.run(() => this.t.stmt("UPDATE actors SET suspended_at = ? WHERE suspended_at IS NULL AND domain IS NOT NULL AND (domain = ? OR domain LIKE '%.' || ? OR domain LIKE ? || ':%' OR domain LIKE '%.' || ? || ':%')")
      .run(at, domain, domain, domain, domain).changes);
  }
  unsuspendDomain(domain: string, at: string) {
    return this.run(() => this.t.stmt("UPDATE actors SET suspended_at = NULL WHERE suspended_at = ? AND domain IS NOT NULL AND (domain = ? OR domain LIKE '%.' || ? OR domain LIKE ? || ':%' OR domain LIKE '%.' || ? || ':%')")
      .run(at, domain, domain, domain, domain).changes);
  }
  searchLocal(query: string, limit: number) {
    // LIKE with ESCAPE so a user's % or _ matches literally.
    const prefix = `${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.run(() => this.t.all(
      "domain IS NULL AND (username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\') ORDER BY (username LIKE ? ESCAPE '\\') DESC, username COLLATE NOCASE LIMIT ?",
      prefix, prefix, prefix, limit,
    ));
  }
  remoteDomains() {
    return this.run(() => (this.t.stmt('SELECT DISTINCT domain FROM actors WHERE domain IS NOT NULL ORDER BY domain').all() as { domain: string }[]).map((r) => r.domain));
  }
}
