import type { Database } from 'better-sqlite3';
import type { Report, ReportRepository } from '../port.js';
import { Table, deleteLimit } from './table.js';
import type { Runner } from './gate.js';

export class SqliteReports implements ReportRepository {
  readonly t: Table<Report>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<Report>(db, 'reports', {
      id: 'text', reporterActorId: 'text', targetActorId: 'text', objectUris: 'json', comment: 'text', category: 'text',
      remoteFlagUri: 'text', forwardedAt: 'text', createdAt: 'text', resolvedAt: 'text', resolvedBy: 'text', resolution: 'text',
    });
  }
  put(report: Report) { return this.run(() => (this.t.insert(report), report)); }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  getByRemoteFlagUri(uri: string) { return this.run(() => this.t.get('remote_flag_uri = ?', uri)); }
  list(filter: { resolved?: boolean; targetActorId?: string; reporterActorId?: string; limit?: number; beforeId?: string } = {}) {
    const resolved = filter.resolved === undefined ? null : filter.resolved ? 1 : 0;
    const target = filter.targetActorId ?? null;
    const reporter = filter.reporterActorId ?? null;
    const before = filter.beforeId ?? null;
    return this.run(() => this.t.all(
      '(? IS NULL OR (resolved_at IS NOT NULL) = ?) AND (? IS NULL OR target_actor_id = ?) AND (? IS NULL OR reporter_actor_id = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?',
      resolved, resolved, target, target, reporter, reporter, before, before, Math.min(filter.limit ?? 100, 1000),
    ));
  }
  deleteByReporter(actorId: string, limit?: number) { return this.run(() => this.t.stmt('DELETE FROM reports WHERE reporter_actor_id = ? LIMIT ?').run(actorId, deleteLimit(limit)).changes); }
  update(id: string, patch: Partial<Pick<Report, 'forwardedAt' | 'resolvedAt' | 'resolvedBy' | 'resolution'>>) {
    return this.run(() => (this.t.update('id', id, patch), this.t.get('id = ?', id)));
  }
}
