export const name = '001-foundation';

export const sql = `
CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL,
  domain TEXT,
  type TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  url TEXT,
  inbox TEXT NOT NULL,
  shared_inbox TEXT,
  outbox TEXT,
  followers_uri TEXT,
  following_uri TEXT,
  featured_uri TEXT,
  public_key_id TEXT NOT NULL,
  public_key_pem TEXT NOT NULL,
  private_key_pem TEXT,
  manually_approves_followers INTEGER NOT NULL DEFAULT 0,
  discoverable INTEGER NOT NULL DEFAULT 1,
  indexable INTEGER NOT NULL DEFAULT 1,
  avatar_url TEXT,
  header_url TEXT,
  fields TEXT NOT NULL DEFAULT '[]',
  raw TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  fetched_at TEXT,
  suspended_at TEXT
);
CREATE UNIQUE INDEX actors_username_domain ON actors (username COLLATE NOCASE, ifnull(domain, ''));
CREATE INDEX actors_public_key_id ON actors (public_key_id);
CREATE INDEX actors_local ON actors (id) WHERE domain IS NULL;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  actor_id TEXT NOT NULL UNIQUE REFERENCES actors(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'user')),
  email TEXT,
  password_hash TEXT,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  last_active_at TEXT
);

CREATE TABLE access_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  app_id TEXT,
  scopes TEXT NOT NULL,
  refresh_token_hash TEXT UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE INDEX access_tokens_user ON access_tokens (user_id);

CREATE TABLE objects (
  id TEXT PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  local INTEGER NOT NULL,
  url TEXT,
  in_reply_to_uri TEXT,
  visibility TEXT NOT NULL,
  language TEXT,
  published_at TEXT NOT NULL,
  updated_at TEXT,
  deleted_at TEXT,
  data TEXT NOT NULL
);
CREATE INDEX objects_actor ON objects (actor_id, id);
CREATE INDEX objects_local ON objects (local, id) WHERE deleted_at IS NULL;
CREATE INDEX objects_in_reply_to ON objects (in_reply_to_uri) WHERE in_reply_to_uri IS NOT NULL;

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;
