export const name = '030-jobs-by-type';

/**
 * Due and leased work per job type. Each process runs one runner per kind of work (inbox,
 * deliveries, the rest), each claiming only its types: through jobs_due alone a delivery runner
 * would walk a 20,000-activity inbox backlog on every claim. With the type first, each type's
 * claim is a range read of at most LIMIT rows, whatever else is queued.
 */
export const sql = `
CREATE INDEX jobs_due_type ON jobs (type, run_at) WHERE state = 'pending';
CREATE INDEX jobs_leased_type ON jobs (type, lease_until) WHERE state = 'running';
`;
