export const name = '015-solution-reads';

/**
 * For the staff web app's pages: an agency's solutions newest first, an agency's adoptions (also
 * what deleteAllOf deletes by, until now a full scan), and the counts of the most adopted. The
 * last is partial with the query's own condition, so counting reads only the adoptions counted.
 */
export const sql = `
CREATE INDEX solutions_actor_published ON solutions (actor_id, published_at, id) WHERE deleted_at IS NULL;
CREATE INDEX adoptions_adopter ON adoptions (adopter_id, at, id);
CREATE INDEX adoptions_counted ON adoptions (solution_uri) WHERE status != 'abandoned';
`;
