export const name = '005-trust';

export const sql = `
CREATE TABLE domain_policies (
  domain TEXT PRIMARY KEY,
  action TEXT NOT NULL CHECK (action IN ('block', 'silence', 'allow')),
  reason TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  ip TEXT
);
CREATE INDEX audit_log_action ON audit_log (action, id);
`;
