export const name = '012-media';

export const sql = `
CREATE TABLE media (
  id TEXT PRIMARY KEY,
  owner_actor_id TEXT NOT NULL REFERENCES actors (id),
  file_name TEXT NOT NULL UNIQUE,
  content_type TEXT NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  description TEXT,
  focus_x REAL NOT NULL DEFAULT 0,
  focus_y REAL NOT NULL DEFAULT 0,
  object_id TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX media_owner ON media (owner_actor_id, id);
CREATE INDEX media_object ON media (object_id, id) WHERE object_id IS NOT NULL;
`;
