import type { PortRecord, RecordKind, TransferRepository } from '../port.js';
import type { Coll } from './collection.js';
import { withConflict } from './errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one registry over collections of different record types
export type TransferCollections = Record<RecordKind, Coll<any>>;

/** Pages by `_id` (every kind's key, composite ones as one string). */
export class MongoTransfer implements TransferRepository {
  /**
   * `afterInsert` keeps what a kind maintains beside its records (the solutions' facet counters),
   * as SQLite's transfer does. A copy goes into an empty store and is verified afterwards; one that
   * stops half way is started again from an empty store, so the two writes need no transaction.
   */
  constructor(
    private readonly colls: TransferCollections,
    private readonly afterInsert: Partial<Record<RecordKind, (records: PortRecord[]) => Promise<void>>> = {},
  ) {}

  count(kind: RecordKind) { return this.colls[kind].count({}); }

  async page(kind: RecordKind, cursor: string | null, limit: number) {
    const c = this.colls[kind];
    const docs = await c.c.find(cursor === null ? {} : { _id: { $gt: cursor } }, { ...c.o, sort: { _id: 1 }, limit }).toArray();
    const last = docs.at(-1);
    return { records: docs.map((d) => c.fromDoc(d) as PortRecord), next: last && docs.length === limit ? last._id : null };
  }

  async insert(kind: RecordKind, records: PortRecord[]) {
    if (records.length === 0) return;
    const c = this.colls[kind];
    await withConflict(c.spec.name, () => c.c.insertMany(records.map((r) => c.toDoc(r)), { ...c.o, ordered: true }));
    await this.afterInsert[kind]?.(records);
  }
}
