import { SHAPES } from './query-shapes.js';
import type { Document } from 'mongodb';
import type { AdoptionRecord, FacetCount, FacetName, SolutionQuery, SolutionRecord, SolutionRepository, SolutionRevision, SolutionSearchResult, StoredObject } from '../port.js';
import { FACET_NAMES, SEARCH_BOUNDS } from '../port/solutions.js';
import { Coll, type Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';
import { objectsColl } from './objects.js';
import { inChunks } from './batch.js';
import { compareIds } from './statuses-queries.js';
import {
  belowWindowPipeline, countFacets, facetCountDelta, facetCountKey, itemsPipeline, listedAfter, mostAdoptedPipeline, queryWords, samplePipeline, searchFields, searchFilter,
} from './solutions-search.js';

/** Several solutions' counter deltas as one (one write per counter). */
function sumDeltas(deltas: Array<Array<{ facet: FacetName; value: string; d: number }>>): Array<{ facet: FacetName; value: string; d: number }> {
  const sum = new Map<string, { facet: FacetName; value: string; d: number }>();
  for (const e of deltas.flat()) {
    const key = facetCountKey(e.facet, e.value);
    const s = sum.get(key) ?? { facet: e.facet, value: e.value, d: 0 };
    s.d += e.d;
    sum.set(key, s);
  }
  return [...sum.values()].filter((e) => e.d !== 0);
}

export const revisionKey = (solutionId: string, revision: number) => JSON.stringify([solutionId, revision]);

/**
 * Solutions, their revisions and adoptions. The search fields (tokens, facet arrays) are derived
 * on every write, as SQLite's reindex rewrites facets and FTS rows; see solutions-search.ts.
 */
export class MongoSolutions implements SolutionRepository {
  readonly t: Coll<SolutionRecord>;
  readonly revisions: Coll<SolutionRevision>;
  readonly adoptions: Coll<AdoptionRecord>;
  private readonly objects: Coll<StoredObject>;

  constructor(private readonly ctx: MongoCtx) {
    this.t = new Coll<SolutionRecord>(ctx, {
      name: COLLECTIONS.solutions, key: 'id',
      fields: {
        id: 'text', uri: 'text', actorId: 'text', authorId: 'text', local: 'bool', url: 'text', origin: 'text', revision: 'int',
        publishedAt: 'text', updatedAt: 'text', deletedAt: 'text', repliesCount: 'int', fields: 'json',
      },
      // Patches carry only some fields; search fields are recomputed from the stored record after (reindex).
      derive: (r) => (r.fields !== undefined && r.origin !== undefined ? searchFields({ fields: r.fields, origin: r.origin }) : {}),
    });
    this.revisions = new Coll<SolutionRevision>(ctx, {
      name: COLLECTIONS.solutionRevisions, key: (r) => revisionKey(r.solutionId, r.revision),
      fields: { solutionId: 'text', revision: 'int', at: 'text', fields: 'json' },
    });
    this.adoptions = new Coll<AdoptionRecord>(ctx, {
      name: COLLECTIONS.adoptions, key: 'id',
      fields: {
        id: 'text', uri: 'text', solutionUri: 'text', adopterId: 'text', local: 'bool', revision: 'int', status: 'text', note: 'text',
        language: 'text', results: 'json', startedAt: 'text', at: 'text', createdAt: 'text', history: 'json',
      },
    });
    this.objects = objectsColl(ctx);
  }

  /**
   * The browse counters (SQLite's solution_facet_counts): one document per (facet, value) with the
   * number of solutions not deleted that carry it, changed in the transaction that writes the
   * solution, so browsing reads a few counters instead of every solution.
   */
  private get counts() { return this.ctx.db.collection<Doc & { facet: string; value: string; n: number }>(COLLECTIONS.solutionFacetCounts); }
  private get so() { return this.ctx.session ? { session: this.ctx.session } : {}; }

  /** Applies a counter delta (facetCountDelta); counters that reach zero are removed. */
  async applyFacetDelta(delta: Array<{ facet: FacetName; value: string; d: number }>): Promise<void> {
    if (!delta.length) return;
    await this.counts.bulkWrite(delta.map((e) => ({
      updateOne: { filter: { _id: facetCountKey(e.facet, e.value) }, update: { $inc: { n: e.d }, $setOnInsert: { facet: e.facet, value: e.value } }, upsert: true },
    })), { ...this.so, ordered: true });
    await this.counts.deleteMany({ _id: { $in: delta.map((e) => facetCountKey(e.facet, e.value)) }, n: { $lte: 0 } }, this.so);
  }

  /** Counts solutions inserted without put (a transfer into this store). */
  countInserted(records: SolutionRecord[]): Promise<void> {
    return this.applyFacetDelta(sumDeltas(records.map((r) => facetCountDelta(null, r))));
  }

  put(record: SolutionRecord) {
    return this.ctx.atomically(async (ctx) => {
      const repo = new MongoSolutions(ctx);
      await repo.t.insert(record);
      await repo.applyFacetDelta(facetCountDelta(null, record));
      return record;
    });
  }

  update(id: string, patch: Partial<Pick<SolutionRecord, 'fields' | 'revision' | 'updatedAt' | 'deletedAt' | 'url' | 'authorId'>>) {
    // In one transaction with the counters: the record before the change says what to uncount.
    return this.ctx.atomically(async (ctx) => {
      const repo = new MongoSolutions(ctx);
      const before = await repo.t.get({ _id: id });
      if (!before) return undefined;
      // fields without origin in the patch: the derived search fields are rewritten from the whole record.
      const updated = await repo.t.update({ _id: id }, repo.t.toSet(patch));
      if (!updated) return undefined;
      if (patch.fields !== undefined) await repo.t.c.updateOne({ _id: id }, { $set: searchFields(updated) }, repo.t.o);
      await repo.applyFacetDelta(facetCountDelta(before, updated));
      return updated;
    });
  }

  getById(id: string) { return this.t.get({ _id: id }); }
  getByUris(uris: string[]) { return inChunks(uris, (chunk) => this.t.all({ uri: { $in: chunk } })); }
  getByUri(uri: string) { return this.t.get({ uri }); }
  listByAuthor(authorId: string) { return this.t.all(SHAPES.solutionsByAuthor.filter(authorId), { sort: { _id: 1 } }); }

  async listByActor(actorId: string, o: { limit: number; beforeId?: string }) {
    let after = {};
    if (o.beforeId !== undefined) {
      const cursor = await this.t.c.findOne({ _id: o.beforeId }, { ...this.t.o, projection: { publishedAt: 1 } });
      if (!cursor) return [];
      after = listedAfter(cursor);
    }
    return this.t.all({ actorId, deletedAt: null, ...after }, { sort: { publishedAt: -1, _id: -1 }, limit: o.limit });
  }

  async newestOfActors(actorIds: string[], limit: number) {
    if (limit <= 0) return [];
    // One bounded find per agency on solutions_actor_published (actorId, deletedAt, publishedAt
    // desc, _id desc: equality, equality, then the sort, so each is an index walk of `limit`
    // entries), all issued at once; then the merge listByActor's order defines.
    const rows = (await inChunks(actorIds, (chunk) => Promise.all(chunk.map((actorId) => this.t.all({ actorId, deletedAt: null }, { sort: { publishedAt: -1, _id: -1 }, limit })))
      .then((lists) => lists.flat())));
    return rows.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || compareIds(b.id, a.id)).slice(0, limit);
  }

  async mostAdopted(limit: number) {
    if (limit === 0) return [];
    const ranked = await this.adoptions.c.aggregate<{ id: string; adoptions: number }>(mostAdoptedPipeline(limit, COLLECTIONS.solutions), this.adoptions.o).toArray();
    if (ranked.length === 0) return [];
    const byId = new Map((await this.t.all({ _id: { $in: ranked.map((r) => r.id) } })).map((s) => [s.id, s]));
    // Outside a transaction a solution may be removed between the two reads: it is left out.
    return ranked.flatMap((r) => {
      const solution = byId.get(r.id);
      return solution ? [{ solution, adoptions: r.adoptions }] : [];
    });
  }

  /** INSERT OR IGNORE: the first record of a revision number stays. */
  async addRevision(revision: SolutionRevision) {
    const doc = this.revisions.toDoc(revision);
    const { _id, ...rest } = doc;
    await this.revisions.c.updateOne({ _id }, { $setOnInsert: rest }, { ...this.revisions.o, upsert: true });
  }

  listRevisions(solutionId: string) { return this.revisions.all({ solutionId }, { sort: { revision: 1 } }); }

  async addReplies(id: string, delta: number) {
    await this.t.c.updateOne({ _id: id }, [{ $set: { repliesCount: { $max: [0, { $add: ['$repliesCount', delta] }] } } }], this.t.o);
  }

  /**
   * The SQLite adapter's bounds, by the same rules (see SqliteSolutions.search): browse from the
   * counters; otherwise matches counted up to `countUpTo` (countDocuments' `limit`), the `sample`
   * most recently stored matches (greatest `_id`) scored and facet-counted, the rest listed after.
   */
  async search(query: SolutionQuery): Promise<SolutionSearchResult> {
    const countUpTo = Math.max(1, query.countUpTo ?? SEARCH_BOUNDS.countUpTo);
    const sample = Math.max(1, query.sample ?? SEARCH_BOUNDS.sample);
    const words = queryWords(query.text);
    const filtered = FACET_NAMES.filter((f) => query[f]?.some(Boolean));
    const facets = {} as Record<FacetName, FacetCount[]>;
    const facetsExact = {} as Record<FacetName, boolean>;
    // The solution_facet_counts_top index serves this (indexes.ts); value order is byte order (simple collation).
    const counted = async (facet: FacetName): Promise<FacetCount[]> => (await this.counts
      .find({ facet, n: { $gt: 0 } }, { ...this.so, sort: { n: -1, value: 1 }, limit: 100, projection: { _id: 0, value: 1, n: 1 } }).toArray())
      .map((c) => ({ value: c.value, count: c.n }));
    if (!words.length && !filtered.length) {
      for (const f of FACET_NAMES) [facets[f], facetsExact[f]] = [await counted(f), true];
      // Every solution not deleted has exactly one origin value (facetValues).
      const total = (await this.counts.find({ facet: 'origin' }, { ...this.so, projection: { n: 1 } }).toArray()).reduce((sum, c) => sum + c.n, 0);
      const docs = await this.t.c.aggregate(itemsPipeline(query), this.t.o).toArray();
      return { items: docs.map((d) => this.t.fromDoc(d)!), total, totalExact: true, facets, facetsExact };
    }
    // One facet value and no text (a tag page, a facet link): its counter is the exact total.
    const values = filtered.length === 1 ? [...new Set(query[filtered[0]!]!.filter(Boolean).map((v) => (filtered[0] === 'tag' ? v.toLowerCase() : v)))] : [];
    const exactN = !words.length && values.length === 1
      ? ((await this.counts.findOne({ _id: facetCountKey(filtered[0]!, values[0]!) }, this.so))?.n ?? 0)
      : undefined;
    // countDocuments stops at `limit` (MongoDB manual, db.collection.countDocuments(), options.limit).
    const n = exactN ?? await this.t.c.countDocuments(searchFilter(query), { ...this.t.o, limit: countUpTo + 1 });
    const newest = await this.t.c.aggregate(samplePipeline(query, sample), this.t.o).toArray();
    for (const f of FACET_NAMES.filter((x) => !filtered.includes(x))) [facets[f], facetsExact[f]] = [countFacets(newest, f), n <= sample];
    for (const f of filtered) {
      if (!words.length && filtered.length === 1) {
        // Its own filter left out, nothing is asked: the counters, exact.
        [facets[f], facetsExact[f]] = [await counted(f), true];
        continue;
      }
      const own = await this.t.c.aggregate(samplePipeline(query, sample + 1, f), this.t.o).toArray();
      [facets[f], facetsExact[f]] = [countFacets(own.slice(0, sample), f), own.length <= sample];
    }
    let docs: Document[];
    if (!words.length || n <= sample) {
      docs = await this.t.c.aggregate(itemsPipeline(query), this.t.o).toArray();
    } else {
      const from = String(newest[newest.length - 1]!._id);
      docs = await this.t.c.aggregate(itemsPipeline(query, { from, size: sample }), this.t.o).toArray();
      if (docs.length < query.limit) {
        docs.push(...await this.t.c.aggregate(belowWindowPipeline(query, from, Math.max(0, query.offset - sample), query.limit - docs.length), this.t.o).toArray());
      }
    }
    if (exactN !== undefined) return { items: docs.map((d) => this.t.fromDoc(d)!), total: exactN, totalExact: true, facets, facetsExact };
    return { items: docs.map((d) => this.t.fromDoc(d)!), total: Math.min(n, countUpTo), totalExact: n <= countUpTo, facets, facetsExact };
  }

  /** SQLite cascades revisions and counters from solutions; here the deletes run in one transaction. */
  deleteAllOf(actorId: string) {
    return this.ctx.atomically(async (ctx) => {
      const repo = new MongoSolutions(ctx);
      const gone = await repo.t.all({ actorId });
      const ids = gone.map((d) => d.id);
      await repo.applyFacetDelta(sumDeltas(gone.map((r) => facetCountDelta(r, null))));
      if (ids.length) await repo.revisions.deleteMany({ solutionId: { $in: ids } });
      await repo.adoptions.deleteMany({ adopterId: actorId });
      return repo.t.deleteMany({ actorId });
    });
  }

  listReplies(solutionUri: string, limit: number) {
    return this.objects.all({ ...SHAPES.repliesTo.filter(solutionUri), deletedAt: null, visibility: { $in: ['public', 'unlisted'] } }, { sort: { publishedAt: 1, _id: 1 }, limit });
  }

  async putAdoption(adoption: AdoptionRecord) {
    await this.adoptions.insert(adoption);
    return adoption;
  }
  updateAdoption(id: string, patch: Partial<AdoptionRecord>) { return this.adoptions.update({ _id: id }, this.adoptions.toSet(patch)); }
  getAdoptionByUri(uri: string) { return this.adoptions.get({ uri }); }
  getAdoptionsByUris(uris: string[]) { return inChunks(uris, (chunk) => this.adoptions.all({ uri: { $in: chunk } })); }
  getAdoption(solutionUri: string, adopterId: string) { return this.adoptions.get({ solutionUri, adopterId }); }
  listAdoptions(solutionUri: string) { return this.adoptions.all({ solutionUri }, { sort: { at: -1, _id: -1 } }); }
  listAdoptionsByAdopter(adopterId: string, limit: number) { return this.adoptions.all({ adopterId }, { sort: { at: -1, _id: -1 }, limit }); }
  async listAdoptionsOf(solutionUris: string[]) {
    if (solutionUris.length === 0) return [];
    return this.adoptions.all({ solutionUri: { $in: [...new Set(solutionUris)] } }, { sort: { at: -1, _id: -1 } });
  }
}
