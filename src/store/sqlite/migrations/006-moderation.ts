export const name = '006-moderation';

export const sql = `
CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  reporter_actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  target_actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  object_uris TEXT NOT NULL DEFAULT '[]',
  comment TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL CHECK (category IN ('spam', 'legal', 'violation', 'other')),
  remote_flag_uri TEXT UNIQUE,
  forwarded_at TEXT,
  created_at TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT,
  resolution TEXT
);
CREATE INDEX reports_open ON reports (id) WHERE resolved_at IS NULL;
CREATE INDEX reports_target ON reports (target_actor_id, id);
`;
