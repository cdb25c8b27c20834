import type { Collection, Document, Filter, Sort, UpdateFilter } from 'mongodb';
import type { MongoCtx } from './context.js';
import { withConflict } from './errors.js';

/**
 * How one field of a port record is kept in a document:
 * - text, int, bool: as themselves (timestamps stay ISO-8601 strings, as the port types them, so
 *   they compare and sort exactly as SQLite's TEXT columns do and round-trip byte for byte);
 * - strings: a native array of strings (indexable, e.g. scopes, tags);
 * - json: JSON text. Used for documents whose keys others choose (AS2 `data`, remote `raw`, job
 *   payloads): MongoDB restricts field names starting with `$` or containing `.`, and BSON does
 *   not keep every JSON value as written. SQLite keeps the same columns as JSON text too.
 */
/** Every document here has a string `_id`: the port's key, never an ObjectId. */
export interface Doc extends Document {
  _id: string;
}

export type FieldKind = 'text' | 'int' | 'bool' | 'strings' | 'json';

export interface CollectionSpec<T> {
  name: string;
  /** The field that becomes `_id` (not stored twice), or a function for composite keys. */
  key: (keyof T & string) | ((record: T) => string);
  fields: { [K in keyof T & string]-?: FieldKind };
  /**
   * Extra fields computed from the record for queries SQLite answers with collations or
   * expressions (e.g. a case-folded username). Called with full records and with patches: it
   * must only derive from the fields present.
   */
  derive?: (record: Partial<T>) => Document;
}

/**
 * Maps one port record type to one collection, as sqlite/table.ts maps one to a table.
 * Repositories describe their fields once and query with the field names of the port type, except
 * the key field, which is `_id`.
 */
export class Coll<T extends object> {
  private readonly fields: Array<[keyof T & string, FieldKind]>;
  private readonly keyField: (keyof T & string) | undefined;

  constructor(private readonly ctx: MongoCtx, readonly spec: CollectionSpec<T>) {
    this.fields = Object.entries(spec.fields).map(([f, k]) => [f as keyof T & string, k as FieldKind]);
    this.keyField = typeof spec.key === 'string' ? spec.key : undefined;
  }

  get c(): Collection<Doc> {
    return this.ctx.db.collection<Doc>(this.spec.name);
  }

  /** Options every operation carries: the transaction's session when inside one. */
  get o(): { session?: NonNullable<MongoCtx['session']> } {
    return this.ctx.session ? { session: this.ctx.session } : {};
  }

  keyOf(record: T): string {
    return typeof this.spec.key === 'string' ? String(record[this.spec.key]) : this.spec.key(record);
  }

  toDoc(record: T): Doc {
    const doc: Doc = { _id: this.keyOf(record) };
    for (const [field, kind] of this.fields) {
      if (field === this.keyField) continue;
      doc[field] = encode((record as Record<string, unknown>)[field], kind);
    }
    return { ...doc, ...this.spec.derive?.(record) };
  }

  /** A `$set` for a patch: undefined becomes null (as in SQLite), the key field is never changed. */
  toSet(patch: Partial<T>): Document {
    const set: Document = {};
    for (const [field, value] of Object.entries(patch)) {
      const kind = this.spec.fields[field as keyof T & string];
      if (!kind || field === this.keyField) continue;
      set[field] = encode(value, kind);
    }
    if (Object.keys(set).length === 0) return set;
    return { ...set, ...this.spec.derive?.(patch) };
  }

  fromDoc(doc: Document | null | undefined): T | undefined {
    if (!doc) return undefined;
    const out: Record<string, unknown> = {};
    for (const [field, kind] of this.fields) out[field] = field === this.keyField ? doc._id : decode(doc[field], kind);
    return out as T;
  }

  insert(record: T): Promise<void> {
    return withConflict(this.spec.name, async () => void (await this.c.insertOne(this.toDoc(record), this.o)));
  }

  async get(filter: Filter<Doc>, sort?: Sort): Promise<T | undefined> {
    return this.fromDoc(await this.c.findOne(filter, { ...this.o, ...(sort ? { sort } : {}) }));
  }

  /** `limit` as SQLite's LIMIT: 0 is none, negative is no limit (MongoDB reads 0 as no limit). */
  async all(filter: Filter<Doc>, options: { sort?: Sort; limit?: number } = {}): Promise<T[]> {
    const { limit, sort } = options;
    if (limit === 0) return [];
    const docs = await this.c.find(filter, { ...this.o, ...(sort ? { sort } : {}), ...(limit !== undefined && limit > 0 ? { limit } : {}) }).toArray();
    return docs.map((d) => this.fromDoc(d)!);
  }

  count(filter: Filter<Doc>): Promise<number> {
    return this.c.countDocuments(filter, this.o);
  }

  /** Applies `set` to the one matching document and returns it as it is now; undefined when none matches. */
  async update(filter: Filter<Doc>, set: Document): Promise<T | undefined> {
    if (Object.keys(set).length === 0) return this.get(filter);
    return this.updateWith(filter, { $set: set });
  }

  async updateWith(filter: Filter<Doc>, update: UpdateFilter<Doc> | Document[], upsert = false): Promise<T | undefined> {
    const doc = await withConflict(this.spec.name, () =>
      this.c.findOneAndUpdate(filter, update, { ...this.o, returnDocument: 'after', upsert }));
    return this.fromDoc(doc);
  }

  async deleteMany(filter: Filter<Doc>): Promise<number> {
    return (await this.c.deleteMany(filter, this.o)).deletedCount;
  }
}

/**
 * Deletes at most `limit` documents matching `filter` (all of them when `limit` is undefined);
 * returns how many went. MongoDB's delete has no "up to n": a delete statement's `limit` is 0 (all)
 * or 1 (MongoDB manual, "delete" command, `deletes.limit`). So the ids of up to `limit` matches are
 * read with the filter (answered by the same index the delete would use) and deleted by `_id`.
 * Inside a transaction both run on one snapshot; outside one, a document another writer deleted in
 * between is simply not counted.
 */
export async function deleteSome(c: Collection<Doc>, filter: Filter<Doc>, o: { session?: MongoCtx['session'] }, limit?: number): Promise<number> {
  const opts = o.session ? { session: o.session } : {};
  if (limit === undefined) return (await c.deleteMany(filter, opts)).deletedCount;
  if (limit <= 0) return 0;
  const ids = (await c.find(filter, { ...opts, projection: { _id: 1 }, limit }).toArray()).map((d) => d._id);
  if (ids.length === 0) return 0;
  return (await c.deleteMany({ _id: { $in: ids } }, opts)).deletedCount;
}

export function encode(value: unknown, kind: FieldKind): unknown {
  if (value === undefined || value === null) return null;
  switch (kind) {
    case 'json': return JSON.stringify(value);
    case 'bool': return Boolean(value);
    case 'strings': return [...(value as string[])];
    default: return value;
  }
}

export function decode(value: unknown, kind: FieldKind): unknown {
  if (value === null || value === undefined) return kind === 'bool' ? false : null;
  switch (kind) {
    case 'json': return JSON.parse(value as string);
    case 'bool': return value === true;
    case 'strings': return [...(value as string[])];
    default: return value;
  }
}
