import { SHAPES } from './query-shapes.js';
import type { DeliveryHost, DeliveryHostRepository, Job, JobQueueStats, JobRepository, JobState, NewJob, OpenJobState } from '../port.js';
import { newId } from '../../ids.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';
import { isDuplicateKey } from './errors.js';
import { CLAIM_SORT, claimFilter, claimUpdate, extendUpdate, completeUpdate, failUpdate, ownedBy, recordFailurePipeline, releaseUpdate } from './queries.js';

export class MongoJobs implements JobRepository {
  readonly t: Coll<Job>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<Job>(ctx, {
      name: COLLECTIONS.jobs, key: 'id',
      fields: {
        id: 'text', type: 'text', key: 'text', payload: 'json', state: 'text', attempts: 'int', runAt: 'text',
        leaseOwner: 'text', leaseUntil: 'text', lastError: 'text', host: 'text', createdAt: 'text', updatedAt: 'text',
      },
    });
  }

  async enqueue(job: NewJob, now: string) {
    const full: Job = {
      id: newId(Date.parse(now)), type: job.type, key: job.key ?? null, payload: job.payload, state: 'pending', attempts: 0,
      runAt: job.runAt ?? now, leaseOwner: null, leaseUntil: null, lastError: null, host: job.host ?? null, createdAt: now, updatedAt: now,
    };
    if (full.key === null) {
      await this.t.insert(full);
      return { job: full, created: true };
    }
    // An upsert on the unique key, not insert-and-catch: a duplicate-key error would abort an
    // enclosing transaction (enqueue-batch), where SQLite's ON CONFLICT DO NOTHING does not.
    const { _id, ...rest } = this.t.toDoc(full);
    try {
      const res = await this.t.c.updateOne(SHAPES.jobByKey.filter(full.key), { $setOnInsert: { _id, ...rest } }, { ...this.t.o, upsert: true });
      if (res.upsertedCount === 1) return { job: full, created: true };
    } catch (e) {
      // Two racing upserts of one key: the loser may see the unique index refuse it; the winner's job stands.
      if (!isDuplicateKey(e) || this.t.o.session) throw e;
    }
    return { job: (await this.t.get(SHAPES.jobByKey.filter(full.key)))!, created: false };
  }

  /**
   * One findOneAndUpdate per job: each atomically moves one due document to running under our
   * lease, so N processes calling claim at once never get the same job (queries.ts has the rule).
   * With types, each query names one type (served by jobs_due_type / jobs_leased_type), taking the
   * types in turns: oldest first within a type, and no type starves another within one claim.
   */
  async claim(o: { owner: string; now: string; leaseMs: number; limit: number; types?: string[] }) {
    const update = claimUpdate(o.owner, o.now, o.leaseMs);
    const jobs: Job[] = [];
    const limit = o.limit < 0 ? Infinity : o.limit; // SQLite's LIMIT -1 is no limit
    let filters = o.types?.length ? o.types.map((type) => claimFilter(o.now, [type])) : [claimFilter(o.now)];
    while (jobs.length < limit && filters.length) {
      const left: typeof filters = [];
      for (const filter of filters) {
        if (jobs.length >= limit) break;
        const doc = await this.t.c.findOneAndUpdate(filter, update, { ...this.t.o, sort: CLAIM_SORT, returnDocument: 'after' });
        if (!doc) continue;
        jobs.push(this.t.fromDoc(doc)!);
        left.push(filter);
      }
      filters = left;
    }
    return jobs.sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : 0));
  }

  async extend(ids: string[], owner: string, leaseUntilIso: string, now: string) {
    if (!ids.length) return 0;
    return (await this.t.c.updateMany({ _id: { $in: ids }, state: 'running', leaseOwner: owner }, extendUpdate(leaseUntilIso, now), this.t.o)).modifiedCount;
  }

  async complete(id: string, owner: string, now: string) {
    return (await this.t.c.updateOne(ownedBy(id, owner), completeUpdate(now), this.t.o)).matchedCount === 1;
  }

  async fail(id: string, owner: string, error: string, retryAt: string | null, now: string) {
    return (await this.t.c.updateOne(ownedBy(id, owner), failUpdate(error, retryAt, now), this.t.o)).matchedCount === 1;
  }

  async release(id: string, owner: string, now: string) {
    return (await this.t.c.updateOne(ownedBy(id, owner), releaseUpdate(now), this.t.o)).matchedCount === 1;
  }

  get(id: string) { return this.t.get({ _id: id }); }
  getByKey(key: string) { return this.t.get(SHAPES.jobByKey.filter(key)); }

  list(filter: { state?: JobState; type?: string; limit?: number } = {}) {
    return this.t.all(this.where(filter), { sort: { _id: -1 }, limit: filter.limit ?? 100 });
  }

  async retry(id: string, now: string) {
    const res = await this.t.c.updateOne(
      { _id: id, state: { $in: ['dead', 'pending'] } },
      { $set: { state: 'pending', attempts: 0, runAt: now, updatedAt: now } },
      this.t.o,
    );
    return res.matchedCount === 1;
  }

  async pruneDone(before: string, limit: number) {
    if (limit === 0) return 0;
    const ids = (await this.t.c.find({ state: 'done', updatedAt: { $lt: before } }, { ...this.t.o, sort: { _id: 1 }, ...(limit > 0 ? { limit } : {}), projection: { _id: 1 } }).toArray())
      .map((d) => d._id);
    if (ids.length === 0) return 0;
    return this.t.deleteMany({ _id: { $in: ids }, state: 'done' });
  }

  count(filter: { state?: JobState; type?: string } = {}) { return this.t.count(this.where(filter)); }

  /**
   * Bounded like the SQLite adapter's. countDocuments with `limit` is an aggregation of $match,
   * $limit and $group (MongoDB manual, db.collection.countDocuments(), "Mechanics"), so it stops
   * after countCap index entries. jobs_state (state, _id) serves the state totals, jobs_due (state,
   * runAt, _id) the due count and the oldest due job, and jobs_due_type (type, state, runAt, _id),
   * which is not partial, every state's per-type counts. The types of a state are found one seek at
   * a time, as SQLite's skip-scan does: the first key with a type above the last one and that state
   * ("Index Bounds": a range on the first field and an equality on the second).
   */
  async stats(o: { now: string; countCap: number; typeCap: number }): Promise<JobQueueStats> {
    const states = {} as JobQueueStats['states'];
    const dueByType: JobQueueStats['dueByType'] = {};
    for (const state of ['pending', 'running', 'dead'] as OpenJobState[]) {
      const count = await this.t.c.countDocuments({ state }, { ...this.t.o, limit: o.countCap, hint: 'jobs_state' });
      const byType: Record<string, number> = {};
      let complete = true;
      let type = '';
      for (let i = 0; i < 64; i++) {
        const next = await this.t.c.findOne({ type: { $gt: type }, state }, { ...this.t.o, sort: { type: 1 }, projection: { type: 1 }, hint: 'jobs_due_type' });
        if (!next) break;
        type = (next as unknown as { type: string }).type;
        const n = await this.t.c.countDocuments({ type, state }, { ...this.t.o, limit: o.countCap, hint: 'jobs_due_type' });
        byType[type] = n;
        if (n >= o.countCap || i === 63) complete = false;
        if (state === 'pending') {
          const due = await this.t.c.countDocuments({ type, state, runAt: { $lte: o.now } }, { ...this.t.o, limit: o.countCap, hint: 'jobs_due_type' });
          const first = await this.t.c.findOne({ type, state }, { ...this.t.o, sort: { runAt: 1, _id: 1 }, projection: { runAt: 1 }, hint: 'jobs_due_type' });
          const runAt = (first as { runAt?: string } | null)?.runAt;
          dueByType[type] = { due, oldestDueAt: runAt !== undefined && runAt <= o.now ? runAt : null };
        }
      }
      states[state] = { count, byType, byTypeComplete: complete };
    }
    const due = await this.t.c.countDocuments({ state: 'pending', runAt: { $lte: o.now } }, { ...this.t.o, limit: o.countCap, hint: 'jobs_due' });
    const first = await this.t.c.findOne({ state: 'pending' }, { ...this.t.o, sort: { runAt: 1, _id: 1 }, projection: { runAt: 1 }, hint: 'jobs_due' });
    const runAt = (first as { runAt?: string } | null)?.runAt;
    return { states, due, oldestDueAt: runAt !== undefined && runAt <= o.now ? runAt : null, dueByType };
  }

  private where(filter: { state?: JobState; type?: string }) {
    return { ...(filter.state !== undefined ? { state: filter.state } : {}), ...(filter.type !== undefined ? { type: filter.type } : {}) };
  }
}

export class MongoDeliveryHosts implements DeliveryHostRepository {
  readonly t: Coll<DeliveryHost>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<DeliveryHost>(ctx, {
      name: COLLECTIONS.deliveryHosts, key: 'host',
      fields: { host: 'text', failingSince: 'text', failures: 'int', lastFailureAt: 'text', unavailableSince: 'text', lastSuccessAt: 'text' },
    });
  }
  get(host: string) { return this.t.get({ _id: host }); }
  async recordFailure(host: string, now: string, unavailableIfFailingSince: string) {
    return (await this.t.updateWith({ _id: host }, recordFailurePipeline(now, unavailableIfFailingSince), true))!;
  }
  async recordSuccess(host: string, now: string) {
    await this.t.c.updateOne(
      { _id: host },
      { $set: { failingSince: null, failures: 0, unavailableSince: null, lastSuccessAt: now }, $setOnInsert: { lastFailureAt: null } },
      { ...this.t.o, upsert: true },
    );
  }
  listUnavailable() { return this.t.all(SHAPES.unavailableHosts.filter(), { sort: { _id: 1 } }); }
}
