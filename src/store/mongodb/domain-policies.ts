import type { DomainPolicy, DomainPolicyRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoDomainPolicies implements DomainPolicyRepository {
  readonly t: Coll<DomainPolicy>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<DomainPolicy>(ctx, {
      name: COLLECTIONS.domainPolicies, key: 'domain',
      fields: { domain: 'text', action: 'text', reason: 'text', createdAt: 'text', createdBy: 'text' },
    });
  }
  async upsert(policy: DomainPolicy) {
    const { _id, ...rest } = this.t.toDoc(policy);
    await this.t.c.replaceOne({ _id }, rest, { ...this.t.o, upsert: true });
  }
  async remove(domain: string) { return (await this.t.deleteMany({ _id: domain })) > 0; }
  get(domain: string) { return this.t.get({ _id: domain }); }
  list() { return this.t.all({}, { sort: { _id: 1 } }); }
}
