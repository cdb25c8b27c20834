export const name = '011-statuses';

/**
 * What the Mastodon client API needs beyond objects and activities: hashtags of every post (kept by
 * triggers, so any writer of `objects` — notes, solutions, remote posts — is tag-indexed), partial
 * indexes for the public timelines, bookmarks, idempotency keys of status creation, notifications.
 * The home timeline is read per followed actor over objects_actor and activities_actor (see
 * SqliteStatuses.home), so no feed table has to be kept in step with follows.
 */
export const sql = `
CREATE TABLE object_tags (
  name TEXT NOT NULL,
  object_id TEXT NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
  PRIMARY KEY (name, object_id)
) WITHOUT ROWID;
CREATE INDEX object_tags_object ON object_tags (object_id);

CREATE TRIGGER objects_tags_insert AFTER INSERT ON objects BEGIN
  INSERT OR IGNORE INTO object_tags (name, object_id)
  SELECT lower(substr(ltrim(json_extract(j.value, '$.name'), '#'), 1, 100)), NEW.id
  FROM json_each(NEW.data, '$.tag') AS j
  WHERE json_type(NEW.data, '$.tag') = 'array' AND j.type = 'object'
    AND json_extract(j.value, '$.type') = 'Hashtag' AND typeof(json_extract(j.value, '$.name')) = 'text'
    AND length(ltrim(json_extract(j.value, '$.name'), '#')) > 0;
END;

CREATE TRIGGER objects_tags_update AFTER UPDATE OF data ON objects BEGIN
  DELETE FROM object_tags WHERE object_id = NEW.id;
  INSERT OR IGNORE INTO object_tags (name, object_id)
  SELECT lower(substr(ltrim(json_extract(j.value, '$.name'), '#'), 1, 100)), NEW.id
  FROM json_each(NEW.data, '$.tag') AS j
  WHERE json_type(NEW.data, '$.tag') = 'array' AND j.type = 'object'
    AND json_extract(j.value, '$.type') = 'Hashtag' AND typeof(json_extract(j.value, '$.name')) = 'text'
    AND length(ltrim(json_extract(j.value, '$.name'), '#')) > 0;
END;

CREATE INDEX objects_public_timeline ON objects (id) WHERE visibility = 'public' AND deleted_at IS NULL;
CREATE INDEX objects_public_local_timeline ON objects (local, id) WHERE visibility = 'public' AND deleted_at IS NULL;
CREATE INDEX objects_actor_feed ON objects (actor_id, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_id_type ON activities (type, id);

CREATE TABLE bookmarks (
  id TEXT PRIMARY KEY,
  actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  object_id TEXT NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  UNIQUE (actor_id, object_id)
);
CREATE INDEX bookmarks_actor ON bookmarks (actor_id, id);

CREATE TABLE status_idempotency (
  actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  object_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (actor_id, key)
);

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  from_actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  status_id TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX notifications_once ON notifications (account_id, type, from_actor_id, ifnull(status_id, ''));
CREATE INDEX notifications_account ON notifications (account_id, id);
`;
