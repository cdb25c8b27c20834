import type { AnyBulkWriteOperation, Db } from 'mongodb';
import type { Doc } from './collection.js';
import { COLLECTIONS, INDEXES, MIGRATIONS_COLLECTION } from './indexes.js';
import { objectDerived } from './statuses-queries.js';
import { FACET_NAMES } from '../port/solutions.js';
import { facetCountKey } from './solutions-search.js';

/**
 * A data migration: reshapes stored documents when a port type changes. Several nodes may start
 * at once and each may run a pending migration before the first records it, so `up` must be
 * idempotent (e.g. `updateMany({ newField: { $exists: false } }, ...)`).
 */
export interface MongoMigration {
  name: string;
  up(db: Db): Promise<void>;
}

/**
 * Applied in order, each recorded once in schema_migrations. Never edit a released one: add a new
 * one. Indexes are not migrations: ensureIndexes applies indexes.ts at every start.
 */
export const MONGO_MIGRATIONS: ReadonlyArray<MongoMigration> = [
  {
    name: '001-collections',
    up: createMissingCollections,
  },
  {
    name: '002-statuses',
    // The Mastodon API's collections, and the fields objects now derive from `data` (tag names,
    // mention hrefs) for objects written before. (SQLite's 011 did not; its 016 backfills the same.)
    async up(db) {
      await createMissingCollections(db);
      const objects = db.collection<Doc>(COLLECTIONS.objects);
      const cursor = objects.find({ tagNames: { $exists: false } }, { projection: { _id: 1, data: 1 } });
      let batch: AnyBulkWriteOperation<Doc>[] = [];
      for await (const doc of cursor) {
        const data: unknown = typeof doc.data === 'string' ? JSON.parse(doc.data) : null;
        batch.push({ updateOne: { filter: { _id: doc._id, tagNames: { $exists: false } }, update: { $set: objectDerived({ data }) } } });
        if (batch.length === 500) {
          await objects.bulkWrite(batch, { ordered: false });
          batch = [];
        }
      }
      if (batch.length) await objects.bulkWrite(batch, { ordered: false });
    },
  },
  {
    name: '003-roles-drafts',
    // As SQLite's 017: accounts from before staff roles could publish, so they stay publishers.
    async up(db) {
      await createMissingCollections(db);
      await db.collection<Doc>(COLLECTIONS.users).updateMany({ staffRole: { $exists: false } }, { $set: { staffRole: 'publisher' } });
    },
  },
  {
    // Named after SQLite's 020 (single sign-on links); the indexes come from INDEXES.
    name: '020-identity-links',
    async up(db) {
      await createMissingCollections(db);
    },
  },
  {
    name: '004-account-links',
    // As SQLite's 021: the one-time links collection, made before a transaction first writes to it.
    up: createMissingCollections,
  },
  {
    name: '018-post-search',
    // The collections of list members, notification policies and filters (SQLite's 018, 018a), and
    // the post search's searchTokens (SQLite's 018b backfill) for objects written before.
    async up(db) {
      await createMissingCollections(db);
      const objects = db.collection<Doc>(COLLECTIONS.objects);
      const cursor = objects.find({ searchTokens: { $exists: false } }, { projection: { _id: 1, data: 1 } });
      let batch: AnyBulkWriteOperation<Doc>[] = [];
      for await (const doc of cursor) {
        const data: unknown = typeof doc.data === 'string' ? JSON.parse(doc.data) : null;
        batch.push({ updateOne: { filter: { _id: doc._id, searchTokens: { $exists: false } }, update: { $set: objectDerived({ data }) } } });
        if (batch.length === 500) {
          await objects.bulkWrite(batch, { ordered: false });
          batch = [];
        }
      }
      if (batch.length) await objects.bulkWrite(batch, { ordered: false });
    },
  },
  {
    name: '005-push-leases-counters-events',
    // Web Push subscriptions, node leases, shared counters and the streaming events outbox:
    // made before a transaction first writes to them.
    up: createMissingCollections,
  },
  {
    name: '006-solution-facet-counts',
    // As SQLite's 027: the browse counters, counted from the solutions stored before. Run by
    // `samspil migrate` with the app stopped; counting again sets the same numbers, so a second
    // run (or a second node) changes nothing.
    async up(db) {
      await createMissingCollections(db);
      const counts = new Map<string, { facet: string; value: string; n: number }>();
      const projection = Object.fromEntries(FACET_NAMES.map((f) => [`facet_${f}`, 1]));
      for await (const doc of db.collection<Doc>(COLLECTIONS.solutions).find({ deletedAt: null }, { projection })) {
        for (const facet of FACET_NAMES) {
          for (const value of new Set((doc[`facet_${facet}`] as string[] | undefined) ?? [])) {
            const key = facetCountKey(facet, value);
            const c = counts.get(key) ?? { facet, value, n: 0 };
            c.n += 1;
            counts.set(key, c);
          }
        }
      }
      const coll = db.collection<Doc>(COLLECTIONS.solutionFacetCounts);
      const ops: AnyBulkWriteOperation<Doc>[] = [...counts].map(([key, c]) => ({ replaceOne: { filter: { _id: key }, replacement: { _id: key, ...c }, upsert: true } }));
      for (let i = 0; i < ops.length; i += 500) await coll.bulkWrite(ops.slice(i, i + 500), { ordered: false });
      await coll.deleteMany({ _id: { $nin: [...counts.keys()] } });
    },
  },
];

/**
 * Created up front: a transaction may only create a collection implicitly on MongoDB >= 4.4, and
 * explicit creation keeps the first write of a fresh instance off that path entirely.
 */
async function createMissingCollections(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of Object.values(COLLECTIONS)) {
    if (existing.has(name)) continue;
    await db.createCollection(name).catch((e: { codeName?: string }) => {
      if (e.codeName !== 'NamespaceExists') throw e; // another node was faster
    });
  }
}

/**
 * Creates every index of indexes.ts; a no-op for those that exist as specified. An index whose
 * name exists with other options (a changed partial filter) is dropped and built again: MongoDB
 * refuses to change an index's options in place (IndexOptionsConflict, IndexKeySpecsConflict).
 */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const [collection, indexes] of Object.entries(INDEXES)) {
    for (const spec of indexes) {
      try {
        await db.collection(collection).createIndexes([spec]);
      } catch (e) {
        const code = (e as { code?: number }).code;
        if ((code !== 85 && code !== 86) || !spec.name) throw e;
        await db.collection(collection).dropIndex(spec.name);
        await db.collection(collection).createIndexes([spec]);
      }
    }
  }
}

const sameFilter = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What `samspil migrate` would do: migrations not recorded yet and indexes that do not exist (by
 * name). The start path only checks this: building indexes on a large collection takes minutes
 * and holds locks (MongoDB manual, "Index Builds on Populated Collections"), which several nodes
 * starting at once must not each begin.
 */
export async function pendingSchema(db: Db): Promise<{ migrations: string[]; indexes: string[] }> {
  const records = db.collection<{ _id: string }>(MIGRATIONS_COLLECTION);
  const done = new Set((await records.find({}, { projection: { _id: 1 } }).toArray()).map((r) => r._id));
  const migrations = MONGO_MIGRATIONS.filter((m) => !done.has(m.name)).map((m) => m.name);
  const indexes: string[] = [];
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const [collection, specs] of Object.entries(INDEXES)) {
    if (!specs.length) continue;
    const found = new Map(existing.has(collection) ? (await db.collection(collection).listIndexes().toArray()).map((i) => [String(i.name), i] as const) : []);
    for (const spec of specs) {
      if (!spec.name) continue;
      const have = found.get(spec.name);
      if (!have) indexes.push(`${collection}.${spec.name}`);
      else if (!sameFilter(have.partialFilterExpression, spec.partialFilterExpression)) indexes.push(`${collection}.${spec.name} (changed)`);
    }
  }
  return { migrations, indexes };
}

/** Applies pending migrations, then indexes; returns the names of the migrations applied now. */
export async function applyMigrations(db: Db): Promise<string[]> {
  const records = db.collection<{ _id: string; appliedAt: string }>(MIGRATIONS_COLLECTION);
  const done = new Set((await records.find({}, { projection: { _id: 1 } }).toArray()).map((r) => r._id));
  const applied: string[] = [];
  for (const m of MONGO_MIGRATIONS) {
    if (done.has(m.name)) continue;
    await m.up(db);
    const res = await records.updateOne({ _id: m.name }, { $setOnInsert: { appliedAt: new Date().toISOString() } }, { upsert: true });
    if (res.upsertedCount === 1) applied.push(m.name);
  }
  await ensureIndexes(db);
  return applied;
}
