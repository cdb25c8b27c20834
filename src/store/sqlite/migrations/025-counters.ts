export const name = '025-counters';

/** Rate-limit and login-failure windows, shared by every process on the file. */
export const sql = `
CREATE TABLE rate_counters (
  key TEXT NOT NULL,
  window_start TEXT NOT NULL,
  count INTEGER NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (key, window_start)
) WITHOUT ROWID;
CREATE INDEX rate_counters_expires ON rate_counters (expires_at);
`;
