export const name = '008-erasure';

export const sql = `
ALTER TABLE actors ADD COLUMN deleted_at TEXT;
`;
