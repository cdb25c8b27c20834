import type { AdoptionStatus, Result } from './model.js';

/** What an agency reports about a solution it adopted (POST /api/v1/solutions/:id/adoptions). */
export interface AdoptionInput {
  status: AdoptionStatus;
  note?: string;
  /** Language of the note and result texts; the instance's first language when absent. */
  language?: string;
  results?: Result[];
  startedAt?: string;
}
