import type { AuditEntry } from '../../store/port.js';
import type { Deps } from '../deps.js';

/** One page of the audit log, newest first; `olderThan` is the cursor for the next page, null at the end. */
export async function listAuditEntries(deps: Pick<Deps, 'store'>, input: { beforeId?: string; limit: number }): Promise<{ entries: AuditEntry[]; olderThan: string | null }> {
  const limit = Math.max(1, Math.min(200, input.limit));
  const found = await deps.store.audit.list({ beforeId: input.beforeId, limit: limit + 1 });
  const entries = found.slice(0, limit);
  return { entries, olderThan: found.length > limit ? entries[entries.length - 1]!.id : null };
}
