export const name = '024-node-leases';

/** Node numbers held by running processes (ids carry them; see src/ids.ts). */
export const sql = `
CREATE TABLE node_leases (
  node_id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,
  lease_until TEXT NOT NULL
);
`;
