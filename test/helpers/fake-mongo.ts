import { MongoServerError, type Db, type Document } from 'mongodb';
import { INDEXES } from '../../src/store/mongodb/indexes.js';
import type { MongoCtx } from '../../src/store/mongodb/context.js';

/**
 * An in-memory stand-in for the small part of the driver that the statuses and notifications
 * repositories (and the repositories their contract suites write through) call: find/findOne with
 * sort, limit and projection, counts, inserts, updateOne/findOneAndUpdate with $set/$setOnInsert
 * and upsert, deletes, unique indexes of indexes.ts, and the aggregation stages searchTags uses.
 * It implements MongoDB's documented semantics for those operators (null matches a missing field;
 * a condition on an array field holds when an element meets it), so it checks the adapter's own
 * logic (paging loops, merges, cascades) against the contract suites. It is NOT MongoDB: the
 * server, the real driver and transactions are tested only by test/store/mongodb.test.ts with
 * MONGODB_URI. Anything it does not implement throws, so an unsupported query cannot pass silently.
 */

function eq(value: unknown, want: unknown): boolean {
  if (want instanceof RegExp) return typeof value === 'string' && new RegExp(want.source, want.flags.replace('g', '')).test(value);
  if (want === null) return value === null || value === undefined;
  if (Array.isArray(value)) return value.some((v) => eq(v, want)) || JSON.stringify(value) === JSON.stringify(want);
  return value === want;
}

function cmpOp(value: unknown, op: string, bound: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => cmpOp(v, op, bound));
  if (typeof value !== typeof bound || value === null || value === undefined) return false;
  const a = value as string;
  const b = bound as string;
  return op === '$lt' ? a < b : op === '$lte' ? a <= b : op === '$gt' ? a > b : a >= b;
}

function isOperatorObject(cond: unknown): cond is Record<string, unknown> {
  return cond !== null && typeof cond === 'object' && !(cond instanceof RegExp) && !Array.isArray(cond)
    && Object.keys(cond).length > 0 && Object.keys(cond).every((k) => k.startsWith('$'));
}

function condition(value: unknown, cond: unknown): boolean {
  if (!isOperatorObject(cond)) return eq(value, cond);
  return Object.entries(cond).every(([op, arg]) => {
    switch (op) {
      case '$eq': return eq(value, arg);
      case '$ne': return !eq(value, arg);
      case '$in': return (arg as unknown[]).some((w) => eq(value, w));
      case '$nin': return !(arg as unknown[]).some((w) => eq(value, w));
      case '$lt': case '$lte': case '$gt': case '$gte': return cmpOp(value, op, arg);
      case '$type':
        if (arg !== 'string') throw new Error(`fake-mongo: $type ${String(arg)}`);
        return typeof value === 'string' || (Array.isArray(value) && value.some((v) => typeof v === 'string'));
      case '$exists': return (value !== undefined) === arg;
      case '$elemMatch': return Array.isArray(value) && value.some((v) => (isOperatorObject(arg) ? condition(v, arg) : matches(v as Document, arg as Document)));
      case '$not': return !condition(value, arg);
      // Every element of `arg` (a value or a RegExp) matches some element of the array field.
      case '$all': return Array.isArray(value) && (arg as unknown[]).every((w) => value.some((v) => eq(v, w)));
      default: throw new Error(`fake-mongo: ${op} not implemented`);
    }
  });
}

export function matches(doc: Document, filter: Document): boolean {
  return Object.entries(filter).every(([k, v]) => {
    if (k === '$or') return (v as Document[]).some((f) => matches(doc, f));
    if (k === '$and') return (v as Document[]).every((f) => matches(doc, f));
    if (k.startsWith('$')) throw new Error(`fake-mongo: ${k} not implemented`);
    if (k.includes('.')) throw new Error(`fake-mongo: dotted path ${k} not implemented`);
    return condition(doc[k], v);
  });
}

/** BSON order for the types stored here: null < numbers < strings < booleans. */
function rank(v: unknown): number {
  return v === null || v === undefined ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : typeof v === 'boolean' ? 3 : 4;
}
function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}
function sortDocs(docs: Document[], sort: Record<string, number> | undefined): Document[] {
  if (!sort) return docs;
  const keys = Object.entries(sort);
  return [...docs].sort((x, y) => {
    for (const [k, dir] of keys) {
      const c = compareValues(x[k], y[k]);
      if (c) return dir < 0 ? -c : c;
    }
    return 0;
  });
}

function project(doc: Document, projection: Record<string, number> | undefined): Document {
  if (!projection) return structuredClone(doc);
  const include = Object.entries(projection).filter(([k, v]) => v && k !== '_id').map(([k]) => k);
  const out: Document = {};
  if (projection._id !== 0) out._id = doc._id;
  if (include.length) for (const k of include) { if (k in doc) out[k] = structuredClone(doc[k]); }
  else for (const [k, v] of Object.entries(doc)) if (projection[k] !== 0 && k !== '_id') out[k] = structuredClone(v);
  return out;
}

/** The fields of a filter an upsert copies into the new document: top-level equalities. */
function equalities(filter: Document): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(filter)) if (!k.startsWith('$') && !isOperatorObject(v) && !(v instanceof RegExp)) out[k] = v;
  return out;
}

interface Options { sort?: Record<string, number>; limit?: number; projection?: Record<string, number>; upsert?: boolean; returnDocument?: 'before' | 'after' }

class FakeCollection {
  docs: Document[] = [];
  constructor(readonly name: string) {}

  private checkUnique(doc: Document, except?: Document): void {
    const others = this.docs.filter((d) => d !== except);
    if (others.some((d) => d._id === doc._id)) throw dup(this.name, '_id');
    for (const index of INDEXES[this.name] ?? []) {
      if (!index.unique) continue;
      if (index.partialFilterExpression && !matches(doc, index.partialFilterExpression)) continue;
      const fields = Object.keys(index.key as Document);
      const key = JSON.stringify(fields.map((f) => doc[f] ?? null));
      if (others.some((d) => (!index.partialFilterExpression || matches(d, index.partialFilterExpression)) && JSON.stringify(fields.map((f) => d[f] ?? null)) === key)) {
        throw dup(this.name, String(index.name));
      }
    }
  }

  find(filter: Document, o: Options = {}) {
    const run = () => {
      let out = sortDocs(this.docs.filter((d) => matches(d, filter)), o.sort);
      if (o.limit !== undefined && o.limit > 0) out = out.slice(0, o.limit);
      return out.map((d) => project(d, o.projection));
    };
    return { toArray: async () => run(), [Symbol.asyncIterator]: async function* () { yield* run(); } };
  }
  async findOne(filter: Document, o: Options = {}) { return this.find(filter, { ...o, limit: 1 }).toArray().then((r) => r[0] ?? null); }
  async countDocuments(filter: Document) { return this.docs.filter((d) => matches(d, filter)).length; }
  async insertOne(doc: Document) {
    this.checkUnique(doc);
    this.docs.push(structuredClone(doc));
    return { acknowledged: true, insertedId: doc._id };
  }
  async insertMany(docs: Document[]) {
    for (const d of docs) await this.insertOne(d);
    return { acknowledged: true, insertedCount: docs.length };
  }
  private apply(doc: Document, update: Document, inserting: boolean): Document {
    if (Array.isArray(update)) throw new Error('fake-mongo: pipeline updates not implemented');
    const next = structuredClone(doc);
    for (const [op, fields] of Object.entries(update)) {
      if (op === '$set' || (op === '$setOnInsert' && inserting)) Object.assign(next, structuredClone(fields));
      else if (op === '$inc') for (const [k, n] of Object.entries(fields as Record<string, number>)) next[k] = ((next[k] as number) ?? 0) + n;
      else if (op !== '$setOnInsert') throw new Error(`fake-mongo: ${op} not implemented`);
    }
    if (!inserting && next._id !== doc._id) throw new Error('fake-mongo: _id is immutable');
    return next;
  }
  private async upsertOne(filter: Document, update: Document, o: Options): Promise<{ before: Document | null; after: Document | null; upserted: boolean }> {
    const found = this.docs.find((d) => matches(d, filter));
    if (found) {
      const next = this.apply(found, update, false);
      this.checkUnique(next, found);
      this.docs[this.docs.indexOf(found)] = next;
      return { before: found, after: next, upserted: false };
    }
    if (!o.upsert) return { before: null, after: null, upserted: false };
    const created = this.apply(equalities(filter), update, true);
    if (created._id === undefined) throw new Error('fake-mongo: upserts here always name their _id');
    await this.insertOne(created);
    return { before: null, after: created, upserted: true };
  }
  async updateOne(filter: Document, update: Document, o: Options = {}) {
    const r = await this.upsertOne(filter, update, o);
    return { matchedCount: r.upserted || !r.before ? 0 : 1, modifiedCount: r.before ? 1 : 0, upsertedCount: r.upserted ? 1 : 0 };
  }
  async updateMany(filter: Document, update: Document) {
    let n = 0;
    for (const d of [...this.docs]) {
      if (!matches(d, filter)) continue;
      this.docs[this.docs.indexOf(d)] = this.apply(d, update, false);
      n++;
    }
    return { matchedCount: n, modifiedCount: n };
  }
  async findOneAndUpdate(filter: Document, update: Document, o: Options = {}) {
    const r = await this.upsertOne(filter, update, o);
    const doc = o.returnDocument === 'after' ? r.after : r.before;
    return doc ? structuredClone(doc) : null;
  }
  async bulkWrite(ops: Document[]) {
    let modified = 0;
    for (const op of ops) {
      if (!op.updateOne) throw new Error('fake-mongo: only updateOne in bulkWrite');
      modified += (await this.updateOne(op.updateOne.filter as Document, op.updateOne.update as Document)).modifiedCount;
    }
    return { modifiedCount: modified };
  }
  async deleteOne(filter: Document) {
    const i = this.docs.findIndex((d) => matches(d, filter));
    if (i >= 0) this.docs.splice(i, 1);
    return { deletedCount: i >= 0 ? 1 : 0 };
  }
  async findOneAndDelete(filter: Document) {
    const i = this.docs.findIndex((d) => matches(d, filter));
    return i >= 0 ? this.docs.splice(i, 1)[0]! : null;
  }
  async deleteMany(filter: Document) {
    const before = this.docs.length;
    this.docs = this.docs.filter((d) => !matches(d, filter));
    return { deletedCount: before - this.docs.length };
  }
  aggregate(pipeline: Document[]) {
    const run = () => {
      let docs = this.docs.map((d) => structuredClone(d));
      for (const stage of pipeline) {
        const [op, arg] = Object.entries(stage)[0]!;
        if (op === '$match') docs = docs.filter((d) => matches(d, arg as Document));
        else if (op === '$unwind') {
          const f = (arg as string).slice(1);
          docs = docs.flatMap((d) => (Array.isArray(d[f]) ? (d[f] as unknown[]).map((v) => ({ ...d, [f]: v })) : []));
        } else if (op === '$group') {
          const { _id, ...acc } = arg as Document;
          if (typeof _id !== 'string' || Object.values(acc).some((a) => JSON.stringify(a) !== '{"$sum":1}')) throw new Error('fake-mongo: $group form not implemented');
          const groups = new Map<unknown, Document>();
          for (const d of docs) {
            const key = d[_id.slice(1)];
            const g = groups.get(key) ?? { _id: key, ...Object.fromEntries(Object.keys(acc).map((k) => [k, 0])) };
            for (const k of Object.keys(acc)) g[k] = (g[k] as number) + 1;
            groups.set(key, g);
          }
          docs = [...groups.values()];
        } else if (op === '$sort') docs = sortDocs(docs, arg as Record<string, number>);
        else if (op === '$limit') docs = docs.slice(0, arg as number);
        else throw new Error(`fake-mongo: ${op} not implemented`);
      }
      return docs;
    };
    return { toArray: async () => run() };
  }
}

function dup(collection: string, index: string): MongoServerError {
  return new MongoServerError({ message: `E11000 duplicate key error collection: ${collection} index: ${index}`, code: 11000 });
}

/** A context over fresh in-memory collections; `atomically` runs the function as it is (no isolation). */
export function fakeMongoCtx(): MongoCtx {
  const colls = new Map<string, FakeCollection>();
  const collection = (name: string) => {
    let c = colls.get(name);
    if (!c) colls.set(name, (c = new FakeCollection(name)));
    return c;
  };
  const db = {
    collection,
    listCollections: () => ({ toArray: async () => [...colls.keys()].map((name) => ({ name })) }),
    createCollection: async (name: string) => {
      if (colls.has(name)) throw Object.assign(new Error('exists'), { codeName: 'NamespaceExists' });
      return collection(name);
    },
  } as unknown as Db;
  const ctx: MongoCtx = { db, session: undefined, atomically: (fn) => fn(ctx) };
  return ctx;
}
