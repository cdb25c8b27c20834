export const name = '013-web-sessions';

/**
 * Browser sign-ins of the staff web app. Sessions cascade with their user as access tokens do, so
 * deleting (erasing) an account ends its sessions without the caller knowing they exist. Expiry is
 * indexed because the sweeper deletes by it.
 */
export const sql = `
CREATE TABLE web_sessions (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  user_agent TEXT,
  ip TEXT
);
CREATE UNIQUE INDEX web_sessions_secret_hash ON web_sessions (secret_hash);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
`;
