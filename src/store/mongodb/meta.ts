import type { MetaRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export interface MetaEntry { key: string; value: string }

export class MongoMeta implements MetaRepository {
  readonly t: Coll<MetaEntry>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<MetaEntry>(ctx, { name: COLLECTIONS.meta, key: 'key', fields: { key: 'text', value: 'text' } });
  }
  async get(key: string) { return (await this.t.get({ _id: key }))?.value; }
  async set(key: string, value: string) { await this.t.c.updateOne({ _id: key }, { $set: { value } }, { ...this.t.o, upsert: true }); }
}
