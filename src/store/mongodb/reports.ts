import { SHAPES } from './query-shapes.js';
import type { Report, ReportRepository } from '../port.js';
import { Coll, deleteSome } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoReports implements ReportRepository {
  readonly t: Coll<Report>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<Report>(ctx, {
      name: COLLECTIONS.reports, key: 'id',
      fields: {
        id: 'text', reporterActorId: 'text', targetActorId: 'text', objectUris: 'strings', comment: 'text', category: 'text',
        remoteFlagUri: 'text', forwardedAt: 'text', createdAt: 'text', resolvedAt: 'text', resolvedBy: 'text', resolution: 'text',
      },
    });
  }
  async put(report: Report) { await this.t.insert(report); return report; }
  getById(id: string) { return this.t.get({ _id: id }); }
  getByRemoteFlagUri(uri: string) { return this.t.get(SHAPES.reportByRemoteFlag.filter(uri)); }
  list(filter: { resolved?: boolean; targetActorId?: string; reporterActorId?: string; limit?: number; beforeId?: string } = {}) {
    return this.t.all({
      ...(filter.resolved === undefined ? {} : { resolvedAt: filter.resolved ? { $ne: null } : null }),
      ...(filter.targetActorId !== undefined ? { targetActorId: filter.targetActorId } : {}),
      ...(filter.reporterActorId !== undefined ? { reporterActorId: filter.reporterActorId } : {}),
      ...(filter.beforeId !== undefined ? { _id: { $lt: filter.beforeId } } : {}),
    }, { sort: { _id: -1 }, limit: Math.min(filter.limit ?? 100, 1000) });
  }
  deleteByReporter(actorId: string, limit?: number) { return deleteSome(this.t.c, { reporterActorId: actorId }, this.t.o, limit); }
  update(id: string, patch: Partial<Pick<Report, 'forwardedAt' | 'resolvedAt' | 'resolvedBy' | 'resolution'>>) {
    return this.t.update({ _id: id }, this.t.toSet(patch));
  }
}
