import type { AuditEntry, AuditRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoAudit implements AuditRepository {
  readonly t: Coll<AuditEntry>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<AuditEntry>(ctx, {
      name: COLLECTIONS.audit, key: 'id',
      fields: { id: 'text', at: 'text', actor: 'text', action: 'text', target: 'text', details: 'json', ip: 'text' },
    });
  }
  append(entry: AuditEntry) { return this.t.insert(entry); }
  list(options: { limit?: number; beforeId?: string; action?: string } = {}) {
    return this.t.all(
      { ...(options.beforeId !== undefined ? { _id: { $lt: options.beforeId } } : {}), ...(options.action !== undefined ? { action: options.action } : {}) },
      { sort: { _id: -1 }, limit: Math.min(options.limit ?? 100, 1000) },
    );
  }
}
