export const name = '026-stream-events';

/**
 * Streaming events, in commit order: SQLite has one writer at a time (also across processes), and
 * AUTOINCREMENT gives each inserted row a position above every committed one, so reading
 * `position > last seen` after each commit misses nothing and sees nothing twice.
 */
export const sql = `
CREATE TABLE stream_events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
