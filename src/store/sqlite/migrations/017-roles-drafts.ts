export const name = '017-roles-drafts';

/**
 * Staff roles and drafts waiting for approval. Accounts that existed before could publish in the
 * agency's name, so they keep that as publishers; new accounts start as authors (the domain sets
 * it). A draft's author is an actor; erasure removes its drafts (no cascade: actors are kept as
 * tombstones).
 */
export const sql = `
ALTER TABLE users ADD COLUMN staff_role TEXT NOT NULL DEFAULT 'publisher' CHECK (staff_role IN ('author', 'publisher'));
CREATE TABLE solution_drafts (
  id TEXT PRIMARY KEY,
  solution_id TEXT,
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  title TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'returned', 'approved', 'withdrawn')),
  comment TEXT,
  reviewer_id TEXT,
  created_at TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  decided_at TEXT,
  published_id TEXT
);
CREATE INDEX solution_drafts_author ON solution_drafts (author_id, submitted_at);
CREATE INDEX solution_drafts_state ON solution_drafts (state, submitted_at);
`;
