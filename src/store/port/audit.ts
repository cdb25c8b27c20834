/** One admin action or security event. Append-only. */
export interface AuditEntry {
  id: string;
  at: string;
  /** Who: a username, `cli`, or `remote:<host>` for security events from outside. */
  actor: string;
  /** Dotted, stable: `domain.block`, `account.disable`, `login.failed`, `token.issued`, ... */
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first; `beforeId` pages backwards. */
  list(options?: { limit?: number; beforeId?: string; action?: string }): Promise<AuditEntry[]>;
}
