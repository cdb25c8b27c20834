export const name = '029-actor-status-counts';

/**
 * Each actor's statuses (Create and Announce activities, as Mastodon counts them) and newest
 * status, kept by triggers on activities. Every rendered account carries statuses_count, and
 * counting it per request read about a thousand index entries per remote author at 1M objects;
 * a page of twenty statuses did that for each author. Triggers, not application code, keep it:
 * every path that writes activities (the inbox, publishing, imports, erasure, cascades from a
 * deleted actor) then keeps it right without knowing about it.
 *
 * The delete trigger only updates: when the actor itself is being deleted its row is gone
 * (ON DELETE CASCADE) and an upsert would insert one pointing at nobody.
 */
export const sql = `
CREATE TABLE actor_status_counts (
  actor_id TEXT PRIMARY KEY REFERENCES actors(id) ON DELETE CASCADE,
  statuses INTEGER NOT NULL,
  last_status_id TEXT,
  last_status_at TEXT
) WITHOUT ROWID;

INSERT INTO actor_status_counts (actor_id, statuses, last_status_id, last_status_at)
  SELECT c.actor_id, c.n, c.last_id, (SELECT created_at FROM activities WHERE id = c.last_id)
  FROM (SELECT actor_id, count(*) AS n, max(id) AS last_id FROM activities WHERE type IN ('Create', 'Announce') GROUP BY actor_id) c;

CREATE TRIGGER activities_status_count_insert AFTER INSERT ON activities
WHEN NEW.type IN ('Create', 'Announce') BEGIN
  INSERT INTO actor_status_counts (actor_id, statuses, last_status_id, last_status_at) VALUES (NEW.actor_id, 1, NEW.id, NEW.created_at)
  ON CONFLICT (actor_id) DO UPDATE SET
    statuses = statuses + 1,
    last_status_at = CASE WHEN last_status_id IS NULL OR excluded.last_status_id > last_status_id THEN excluded.last_status_at ELSE last_status_at END,
    last_status_id = CASE WHEN last_status_id IS NULL OR excluded.last_status_id > last_status_id THEN excluded.last_status_id ELSE last_status_id END;
END;

CREATE TRIGGER activities_status_count_delete AFTER DELETE ON activities
WHEN OLD.type IN ('Create', 'Announce') BEGIN
  UPDATE actor_status_counts SET statuses = statuses - 1 WHERE actor_id = OLD.actor_id;
  UPDATE actor_status_counts SET (last_status_id, last_status_at) = (
    SELECT id, created_at FROM activities WHERE actor_id = OLD.actor_id AND type IN ('Create', 'Announce') ORDER BY id DESC LIMIT 1
  ) WHERE actor_id = OLD.actor_id AND last_status_id = OLD.id;
END;

-- Activities are not rewritten today; should one ever be, the counts of both actors are taken again.
CREATE TRIGGER activities_status_count_update AFTER UPDATE OF id, type, actor_id, created_at ON activities BEGIN
  DELETE FROM actor_status_counts WHERE actor_id IN (OLD.actor_id, NEW.actor_id);
  INSERT INTO actor_status_counts (actor_id, statuses, last_status_id, last_status_at)
    SELECT c.actor_id, c.n, c.last_id, (SELECT created_at FROM activities WHERE id = c.last_id)
    FROM (SELECT actor_id, count(*) AS n, max(id) AS last_id FROM activities
          WHERE actor_id IN (OLD.actor_id, NEW.actor_id) AND type IN ('Create', 'Announce') GROUP BY actor_id) c;
END;
`;
