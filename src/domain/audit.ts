import { newId } from '../ids.js';
import type { Deps } from './deps.js';
import type { Store } from '../store/port.js';

export interface AuditInput {
  actor: string;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends to the audit log; pass `store` to write inside a transaction with the change itself. */
export async function audit(deps: Pick<Deps, 'store' | 'now'>, input: AuditInput, store: Store = deps.store): Promise<void> {
  const at = deps.now();
  await store.audit.append({
    id: newId(at.getTime()),
    at: at.toISOString(),
    actor: input.actor,
    action: input.action,
    target: input.target ?? null,
    details: input.details ?? {},
    ip: input.ip ?? null,
  });
}
