import { SHAPES } from './query-shapes.js';
import type { AdoptionRecord, FacetCount, FacetName, SolutionQuery, SolutionRecord, SolutionRepository, SolutionRevision, SolutionSearchResult, StoredObject } from '../port.js';
import { FACET_NAMES } from '../port/solutions.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';
import { objectsColl } from './objects.js';
import { inChunks } from './batch.js';
import { compareIds } from './statuses-queries.js';
import { facetPipeline, itemsPipeline, listedAfter, mostAdoptedPipeline, searchFields, searchFilter } from './solutions-search.js';

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

  async put(record: SolutionRecord) {
    await this.t.insert(record);
    return record;
  }

  async update(id: string, patch: Partial<Pick<SolutionRecord, 'fields' | 'revision' | 'updatedAt' | 'deletedAt' | 'url' | 'authorId'>>) {
    // fields without origin in the patch: the derived search fields are rewritten from the whole record.
    const updated = await this.t.update({ _id: id }, this.t.toSet(patch));
    if (!updated || patch.fields === undefined) return updated;
    await this.t.c.updateOne({ _id: id }, { $set: searchFields(updated) }, this.t.o);
    return updated;
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

  async search(query: SolutionQuery): Promise<SolutionSearchResult> {
    const docs = await this.t.c.aggregate(itemsPipeline(query), this.t.o).toArray();
    const total = await this.t.count(searchFilter(query));
    const facets = {} as Record<FacetName, FacetCount[]>;
    for (const facet of FACET_NAMES) facets[facet] = (await this.t.c.aggregate(facetPipeline(query, facet), this.t.o).toArray()) as unknown as FacetCount[];
    return { items: docs.map((d) => this.t.fromDoc(d)!), total, facets };
  }

  /** SQLite cascades revisions from solutions; here the three deletes run in one transaction. */
  deleteAllOf(actorId: string) {
    return this.ctx.atomically(async (ctx) => {
      const repo = new MongoSolutions(ctx);
      const ids = (await repo.t.c.find({ actorId }, { ...repo.t.o, projection: { _id: 1 } }).toArray()).map((d) => d._id);
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
