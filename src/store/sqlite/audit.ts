import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditRepository } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteAudit implements AuditRepository {
  readonly t: Table<AuditEntry>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<AuditEntry>(db, 'audit_log', { id: 'text', at: 'text', actor: 'text', action: 'text', target: 'text', details: 'json', ip: 'text' });
  }
  append(entry: AuditEntry) { return this.run(() => this.t.insert(entry)); }
  list(options: { limit?: number; beforeId?: string; action?: string } = {}) {
    return this.run(() => this.t.all(
      '(? IS NULL OR id < ?) AND (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?',
      options.beforeId ?? null, options.beforeId ?? null, options.action ?? null, options.action ?? null, Math.min(options.limit ?? 100, 1000),
    ));
  }
}
