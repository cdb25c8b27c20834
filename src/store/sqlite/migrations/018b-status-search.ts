export const name = '018b-status-search';

/**
 * Full-text search over posts (Notes) for /api/v2/search, as solutions_fts does for solutions:
 * FTS5, unicode61 without diacritics folding (æ, ø, å stay letters), no stemming, so every
 * language is found alike. Rows are keyed by the object's rowid; the text (plain text of content,
 * content warning and media descriptions) is written by the objects adapter, which can strip
 * HTML; a deleted object takes its row. Posts stored before are indexed once when the store opens:
 * the row in search_backfill asks for it, and goes when it is done.
 */
export const sql = `
CREATE VIRTUAL TABLE statuses_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE search_backfill (name TEXT PRIMARY KEY);
INSERT INTO search_backfill (name) VALUES ('statuses');
CREATE TRIGGER objects_search_delete AFTER DELETE ON objects BEGIN
  DELETE FROM statuses_fts WHERE rowid = OLD.rowid;
END;
`;
