export const name = '010-solutions';

/**
 * Solutions (structured fields beside their Article row in objects), their revisions, facet
 * values, the FTS5 index (rowid = the solution row's rowid) and adoptions.
 */
export const sql = `
CREATE TABLE solutions (
  id TEXT PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  author_id TEXT,
  local INTEGER NOT NULL,
  url TEXT,
  origin TEXT NOT NULL,
  revision INTEGER NOT NULL,
  published_at TEXT NOT NULL,
  updated_at TEXT,
  deleted_at TEXT,
  replies_count INTEGER NOT NULL DEFAULT 0,
  fields TEXT NOT NULL
);
CREATE INDEX solutions_published ON solutions (published_at, id) WHERE deleted_at IS NULL;
CREATE INDEX solutions_actor ON solutions (actor_id, id);

CREATE TABLE solution_revisions (
  solution_id TEXT NOT NULL REFERENCES solutions(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  at TEXT NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY (solution_id, revision)
);

CREATE TABLE solution_facets (
  solution_id TEXT NOT NULL REFERENCES solutions(id) ON DELETE CASCADE,
  facet TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (solution_id, facet, value)
);
CREATE INDEX solution_facets_value ON solution_facets (facet, value);

-- No diacritics folding: in Danish and Norwegian, æ ø å are letters of their own.
CREATE VIRTUAL TABLE solutions_fts USING fts5(title, summary, body, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE adoptions (
  id TEXT PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  solution_uri TEXT NOT NULL,
  adopter_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  local INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('planned', 'piloting', 'in-use', 'abandoned')),
  note TEXT NOT NULL DEFAULT '',
  language TEXT,
  results TEXT NOT NULL DEFAULT '[]',
  started_at TEXT,
  at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  history TEXT NOT NULL DEFAULT '[]',
  UNIQUE (solution_uri, adopter_id)
);
CREATE INDEX adoptions_solution ON adoptions (solution_uri, at);
`;
