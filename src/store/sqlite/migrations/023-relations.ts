export const name = '023-relations';

/**
 * Per-account relations of the Mastodon API: blocks (ours, and remote accounts' Blocks of local
 * ones), mutes, domain blocks, private account notes, and pinned posts. Rows go with either
 * actor (erasure removes them explicitly: the erased actor's row stays as a tombstone).
 */
export const sql = `
CREATE TABLE account_blocks (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  target_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  uri TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (account_id, target_id)
);
CREATE INDEX account_blocks_target ON account_blocks (target_id);

CREATE TABLE account_mutes (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  target_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  notifications INTEGER NOT NULL,
  expires_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (account_id, target_id)
);
CREATE INDEX account_mutes_target ON account_mutes (target_id);

CREATE TABLE account_domain_blocks (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (account_id, domain)
);
CREATE INDEX account_domain_blocks_domain ON account_domain_blocks (domain);

CREATE TABLE account_notes (
  account_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  target_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  comment TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (account_id, target_id)
) WITHOUT ROWID;
CREATE INDEX account_notes_target ON account_notes (target_id);

CREATE TABLE status_pins (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  status_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (account_id, status_id)
);
CREATE INDEX status_pins_status ON status_pins (status_id);
`;
