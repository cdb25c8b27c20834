export const name = '018a-filters';

/**
 * Content filters (Mastodon's filters v2: custom_filters, custom_filter_keywords,
 * custom_filter_statuses). Contexts are a JSON array; a filter takes its keywords and statuses
 * with it, a user their filters.
 */
export const sql = `
CREATE TABLE filters (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  context TEXT NOT NULL,
  action TEXT NOT NULL,
  expires_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX filters_user ON filters (user_id, id);

CREATE TABLE filter_keywords (
  id TEXT PRIMARY KEY,
  filter_id TEXT NOT NULL REFERENCES filters(id) ON DELETE CASCADE,
  keyword TEXT NOT NULL,
  whole_word INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX filter_keywords_filter ON filter_keywords (filter_id, id);

CREATE TABLE filter_statuses (
  id TEXT PRIMARY KEY,
  filter_id TEXT NOT NULL REFERENCES filters(id) ON DELETE CASCADE,
  status_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX filter_statuses_once ON filter_statuses (filter_id, status_id);
`;
