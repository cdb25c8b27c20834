export const name = '002-federation';

export const sql = `
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  key TEXT UNIQUE,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  last_error TEXT,
  host TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_state ON jobs (state, id);

CREATE TABLE delivery_hosts (
  host TEXT PRIMARY KEY,
  failing_since TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  last_failure_at TEXT,
  unavailable_since TEXT,
  last_success_at TEXT
);

CREATE TABLE follows (
  id TEXT PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  follower_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  followee_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'accepted')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id, state, id);
CREATE INDEX follows_follower ON follows (follower_id, state, id);

CREATE TABLE activities (
  id TEXT PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  object_uri TEXT,
  local INTEGER NOT NULL,
  public INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  data TEXT
);
CREATE INDEX activities_actor ON activities (actor_id, type, id);
CREATE INDEX activities_object ON activities (object_uri, type) WHERE object_uri IS NOT NULL;
`;
