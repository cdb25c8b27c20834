import type { CounterRepository } from '../port.js';
import type { Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

/**
 * One document per (key, window). The increment is one findOneAndUpdate with upsert and $inc:
 * atomic on its document (MongoDB manual, "findOneAndUpdate" and "Atomicity"), so concurrent
 * nodes never lose a count; two first upserts of one window race on _id and one is retried.
 * `expireAt` is a BSON Date under a TTL index, so MongoDB removes old windows itself.
 */
export class MongoCounters implements CounterRepository {
  constructor(private readonly ctx: MongoCtx) {}
  private get c() { return this.ctx.db.collection<Doc>(COLLECTIONS.counters); }
  private get o() { return this.ctx.session ? { session: this.ctx.session } : {}; }

  async add(key: string, windowStart: string, expiresAt: string, by: number): Promise<number> {
    const _id = `${key}|${windowStart}`;
    if (by === 0) return Number((await this.c.findOne({ _id }, this.o))?.count ?? 0);
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.c.findOneAndUpdate(
          { _id },
          { $inc: { count: by }, $setOnInsert: { key, windowStart, expireAt: new Date(expiresAt) } },
          { ...this.o, upsert: true, returnDocument: 'after' },
        );
        return Number(doc?.count ?? by);
      } catch (e) {
        if ((e as { code?: number }).code !== 11000 || attempt > 2) throw e;
      }
    }
  }
  async reset(key: string): Promise<void> {
    await this.c.deleteMany({ key }, this.o);
  }
  async sweep(now: string, limit: number): Promise<number> {
    const ids = (await this.c.find({ expireAt: { $lte: new Date(now) } }, { ...this.o, projection: { _id: 1 }, limit }).toArray()).map((d) => d._id);
    if (!ids.length) return 0;
    return (await this.c.deleteMany({ _id: { $in: ids } }, this.o)).deletedCount;
  }
}
