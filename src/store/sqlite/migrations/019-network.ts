export const name = '019-network';

/**
 * Relays the instance subscribes to (FEP-ae0c) and the agencies a staff member left out of the
 * agency feed of their home timeline (docs/mastodon-api.md, "The agency feed").
 */
export const sql = `
CREATE TABLE relays (
  id TEXT PRIMARY KEY,
  actor_uri TEXT NOT NULL UNIQUE,
  inbox TEXT NOT NULL,
  follow_uri TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'rejected')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE agency_feed_hidden (
  account_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account_id, author_id)
) WITHOUT ROWID;
`;
