import type { NodeLease, NodeLeaseRepository } from '../port.js';
import type { Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

/**
 * One document per node number (_id). A claim is a conditional update of an expired lease or an
 * insert; _id's uniqueness makes two simultaneous inserts of one number fail for all but one
 * (E11000), and a conditional findOneAndUpdate is atomic on one document without a transaction
 * (MongoDB manual, "Atomicity and Transactions": single-document writes are atomic).
 */
export class MongoNodeLeases implements NodeLeaseRepository {
  constructor(private readonly ctx: MongoCtx) {}
  private get c() { return this.ctx.db.collection<Doc>(COLLECTIONS.nodeLeases); }
  private get o() { return this.ctx.session ? { session: this.ctx.session } : {}; }

  async claim(owner: string, now: string, leaseUntil: string, max: number, preferred?: number) {
    const held = new Set((await this.c.find({ leaseUntil: { $gt: now }, owner: { $ne: owner } }, { ...this.o, projection: { _id: 1 } }).toArray()).map((d) => Number(d._id)));
    const order = [...(preferred !== undefined && preferred >= 0 && preferred < max ? [preferred] : []), ...Array.from({ length: max }, (_, n) => n)];
    for (const n of order) {
      if (held.has(n)) continue;
      const taken = await this.c.findOneAndUpdate(
        { _id: String(n), $or: [{ leaseUntil: { $lte: now } }, { owner }] },
        { $set: { owner, leaseUntil } }, { ...this.o, returnDocument: 'after' },
      );
      if (taken) return n;
      try {
        await this.c.insertOne({ _id: String(n), owner, leaseUntil }, this.o);
        return n;
      } catch (e) {
        if ((e as { code?: number }).code !== 11000) throw e; // someone holds or just took it
      }
    }
    return undefined;
  }
  async renew(nodeId: number, owner: string, leaseUntil: string) {
    return (await this.c.updateOne({ _id: String(nodeId), owner }, { $set: { leaseUntil } }, this.o)).matchedCount === 1;
  }
  async release(nodeId: number, owner: string) {
    await this.c.deleteOne({ _id: String(nodeId), owner }, this.o);
  }
  async list(): Promise<NodeLease[]> {
    return (await this.c.find({}, { ...this.o, sort: { _id: 1 } }).toArray()).map((d) => ({ nodeId: Number(d._id), owner: String(d.owner), leaseUntil: String(d.leaseUntil) }));
  }
}
