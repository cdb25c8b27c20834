export const name = '011-statuses';

/**
 * What the Mastodon client API needs beyond objects and activities: hashtags of every post (kept by
 * triggers, so any writer of `objects` — notes, solutions, remote posts — is tag-indexed), partial
 * indexes for the public timelines, bookmarks, idempotency keys of status creation, notifications.
 * Home timelines are materialized in `home_feed` (fan-out on write, as Mastodon's Redis feeds), kept
 * by triggers so every writer of objects, activities and follows keeps them right without knowing:
 * a post or boost goes to its local author and the author's accepted local followers; an accepted
 * follow backfills the followee's recent posts; an unfollow takes them out; a deletion removes the
 * entry. Reading a page is then one range over (account_id, entry_id).
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

CREATE TABLE home_feed (
  account_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  entry_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  PRIMARY KEY (account_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX home_feed_author ON home_feed (account_id, author_id);
CREATE INDEX home_feed_entry ON home_feed (entry_id);

-- Direct posts reach the author and the mentioned followers only (Mastodon's deliver_to_mentioned_followers).
CREATE TRIGGER home_feed_post AFTER INSERT ON objects
WHEN NEW.type IN ('Note', 'Article') AND NEW.deleted_at IS NULL BEGIN
  INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
  SELECT f.follower_id, NEW.id, NEW.actor_id FROM follows f JOIN actors a ON a.id = f.follower_id
  WHERE f.followee_id = NEW.actor_id AND f.state = 'accepted' AND a.domain IS NULL
    AND (NEW.visibility IN ('public', 'unlisted', 'private') OR (json_type(NEW.data, '$.tag') = 'array' AND EXISTS (
      SELECT 1 FROM json_each(NEW.data, '$.tag') AS j
      WHERE j.type = 'object' AND json_extract(j.value, '$.type') = 'Mention' AND json_extract(j.value, '$.href') = a.uri)));
  INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id) SELECT NEW.actor_id, NEW.id, NEW.actor_id WHERE NEW.local = 1;
END;

CREATE TRIGGER home_feed_boost AFTER INSERT ON activities WHEN NEW.type = 'Announce' BEGIN
  INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
  SELECT f.follower_id, NEW.id, NEW.actor_id FROM follows f JOIN actors a ON a.id = f.follower_id
  WHERE f.followee_id = NEW.actor_id AND f.state = 'accepted' AND a.domain IS NULL;
  INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id) SELECT NEW.actor_id, NEW.id, NEW.actor_id WHERE NEW.local = 1;
END;

CREATE TRIGGER home_feed_unboost AFTER DELETE ON activities WHEN OLD.type = 'Announce' BEGIN
  DELETE FROM home_feed WHERE entry_id = OLD.id;
END;

CREATE TRIGGER home_feed_post_deleted AFTER UPDATE OF deleted_at ON objects WHEN NEW.deleted_at IS NOT NULL BEGIN
  DELETE FROM home_feed WHERE entry_id = NEW.id;
END;

CREATE TRIGGER home_feed_post_removed AFTER DELETE ON objects BEGIN
  DELETE FROM home_feed WHERE entry_id = OLD.id;
END;

CREATE TRIGGER home_feed_follow_inserted AFTER INSERT ON follows WHEN NEW.state = 'accepted' BEGIN
  INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
  SELECT NEW.follower_id, p.id, NEW.followee_id FROM (
    SELECT id FROM objects WHERE actor_id = NEW.followee_id AND deleted_at IS NULL AND type IN ('Note', 'Article')
      AND visibility IN ('public', 'unlisted', 'private') ORDER BY id DESC LIMIT 400) p
  WHERE EXISTS (SELECT 1 FROM actors WHERE id = NEW.follower_id AND domain IS NULL);
  INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
  SELECT NEW.follower_id, b.id, NEW.followee_id FROM (
    SELECT id FROM activities WHERE actor_id = NEW.followee_id AND type = 'Announce' ORDER BY id DESC LIMIT 100) b
  WHERE EXISTS (SELECT 1 FROM actors WHERE id = NEW.follower_id AND domain IS NULL);
END;

CREATE TRIGGER home_feed_follow_accepted AFTER UPDATE OF state ON follows WHEN NEW.state = 'accepted' AND OLD.state <> 'accepted' BEGIN
  INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
  SELECT NEW.follower_id, p.id, NEW.followee_id FROM (
    SELECT id FROM objects WHERE actor_id = NEW.followee_id AND deleted_at IS NULL AND type IN ('Note', 'Article')
      AND visibility IN ('public', 'unlisted', 'private') ORDER BY id DESC LIMIT 400) p
  WHERE EXISTS (SELECT 1 FROM actors WHERE id = NEW.follower_id AND domain IS NULL);
  INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
  SELECT NEW.follower_id, b.id, NEW.followee_id FROM (
    SELECT id FROM activities WHERE actor_id = NEW.followee_id AND type = 'Announce' ORDER BY id DESC LIMIT 100) b
  WHERE EXISTS (SELECT 1 FROM actors WHERE id = NEW.follower_id AND domain IS NULL);
END;

CREATE TRIGGER home_feed_unfollow AFTER DELETE ON follows BEGIN
  DELETE FROM home_feed WHERE account_id = OLD.follower_id AND author_id = OLD.followee_id;
END;

-- Versions of local posts: the source text and what it rendered to, for edits, history and source.
CREATE TABLE status_versions (
  id TEXT PRIMARY KEY,
  object_id TEXT NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  spoiler_text TEXT NOT NULL,
  sensitive INTEGER NOT NULL,
  content TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX status_versions_object ON status_versions (object_id, id);

-- "Notify me when they post" (the follow endpoint's notify=true), per follow; ends with it.
CREATE TABLE post_subscriptions (
  follower_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  followee_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  PRIMARY KEY (follower_id, followee_id)
) WITHOUT ROWID;
CREATE INDEX post_subscriptions_followee ON post_subscriptions (followee_id);
CREATE TRIGGER post_subscriptions_unfollow AFTER DELETE ON follows BEGIN
  DELETE FROM post_subscriptions WHERE follower_id = OLD.follower_id AND followee_id = OLD.followee_id;
END;

-- Existing installations: what the triggers would have written so far.
INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
SELECT f.follower_id, o.id, o.actor_id FROM follows f JOIN actors a ON a.id = f.follower_id AND a.domain IS NULL
JOIN objects o ON o.actor_id = f.followee_id
WHERE f.state = 'accepted' AND o.deleted_at IS NULL AND o.type IN ('Note', 'Article') AND o.visibility IN ('public', 'unlisted', 'private');
INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
SELECT o.actor_id, o.id, o.actor_id FROM objects o
WHERE o.local = 1 AND o.deleted_at IS NULL AND o.type IN ('Note', 'Article');
INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
SELECT f.follower_id, x.id, x.actor_id FROM follows f JOIN actors a ON a.id = f.follower_id AND a.domain IS NULL
JOIN activities x ON x.actor_id = f.followee_id AND x.type = 'Announce' WHERE f.state = 'accepted';
INSERT OR IGNORE INTO home_feed (account_id, entry_id, author_id)
SELECT x.actor_id, x.id, x.actor_id FROM activities x WHERE x.local = 1 AND x.type = 'Announce';
`;
