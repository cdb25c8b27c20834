export const name = '028-solutions-author';

/**
 * A staff member's own solutions (listByAuthor: the start page's "yours", erasure) were a scan of
 * the whole catalogue, on every start page. Most solutions (every remote one) have no author, so
 * the index holds only the local ones that do. MongoDB has had solutions_author since it began.
 */
export const sql = `
CREATE INDEX solutions_author ON solutions (author_id, id) WHERE author_id IS NOT NULL;
`;
