export const name = '021-account-links';

/**
 * One-time links (an invitation, a password reset): only the secret's hash is stored. They
 * cascade with their user as sessions do; expiry is indexed because the sweep deletes by it.
 */
export const sql = `
CREATE TABLE account_links (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE UNIQUE INDEX account_links_token_hash ON account_links (token_hash);
CREATE INDEX account_links_user ON account_links (user_id);
CREATE INDEX account_links_expires ON account_links (expires_at);
`;
