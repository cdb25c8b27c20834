export const name = '020-identity-links';

/**
 * Single sign-on: which login an (issuer, subject) pair of the OpenID Connect provider is. Links
 * cascade with their user as sessions do, so erasing an account unlinks it; the pair is unique so
 * one person at the provider is one account here.
 */
export const sql = `
CREATE TABLE identity_links (
  id TEXT PRIMARY KEY,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_sign_in_at TEXT
);
CREATE UNIQUE INDEX identity_links_subject ON identity_links (issuer, subject);
CREATE INDEX identity_links_user ON identity_links (user_id);
`;
