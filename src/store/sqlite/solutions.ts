import type { Database } from 'better-sqlite3';
import type { StoredObject } from '../port.js';
import {
  FACET_NAMES, facetValues, searchText,
  type AdoptionRecord, type FacetCount, type FacetName, type SolutionQuery, type SolutionRecord, type SolutionRepository, type SolutionRevision, type SolutionSearchResult,
} from '../port/solutions.js';
import { Table } from './table.js';
import { inChunks } from './batch.js';
import { compareIds } from './paging.js';
import type { Runner } from './gate.js';

/** Words of the query, each as a prefix ("samtale" finds "samtaler", "samtalen"), all required. */
export function ftsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? [];
  if (!words.length) return undefined;
  return words.map((w) => `"${w}"*`).join(' ');
}

export class SqliteSolutions implements SolutionRepository {
  readonly t: Table<SolutionRecord>;
  readonly revisions: Table<SolutionRevision>;
  readonly adoptions: Table<AdoptionRecord>;
  private readonly objects: Table<StoredObject>;

  constructor(private readonly db: Database, private readonly run: Runner) {
    this.t = new Table<SolutionRecord>(db, 'solutions', {
      id: 'text', uri: 'text', actorId: 'text', authorId: 'text', local: 'bool', url: 'text', origin: 'text', revision: 'int',
      publishedAt: 'text', updatedAt: 'text', deletedAt: 'text', repliesCount: 'int', fields: 'json',
    });
    this.revisions = new Table<SolutionRevision>(db, 'solution_revisions', { solutionId: 'text', revision: 'int', at: 'text', fields: 'json' });
    this.adoptions = new Table<AdoptionRecord>(db, 'adoptions', {
      id: 'text', uri: 'text', solutionUri: 'text', adopterId: 'text', local: 'bool', revision: 'int', status: 'text', note: 'text',
      language: 'text', results: 'json', startedAt: 'text', at: 'text', createdAt: 'text', history: 'json',
    });
    this.objects = new Table<StoredObject>(db, 'objects', {
      id: 'text', uri: 'text', type: 'text', actorId: 'text', local: 'bool', url: 'text', inReplyToUri: 'text',
      visibility: 'text', language: 'text', publishedAt: 'text', updatedAt: 'text', deletedAt: 'text', data: 'json',
    });
  }

  /** Facets and full text follow the record: rewritten on every change, removed once deleted. */
  reindex(record: SolutionRecord): void {
    const rowid = (this.t.stmt('SELECT rowid AS r FROM solutions WHERE id = ?').get(record.id) as { r: number }).r;
    this.t.stmt('DELETE FROM solution_facets WHERE solution_id = ?').run(record.id);
    this.t.stmt('DELETE FROM solutions_fts WHERE rowid = ?').run(rowid);
    if (record.deletedAt) return;
    const insert = this.t.stmt('INSERT OR IGNORE INTO solution_facets (solution_id, facet, value) VALUES (?, ?, ?)');
    for (const [facet, value] of facetValues(record)) insert.run(record.id, facet, value);
    const text = searchText(record.fields);
    this.t.stmt('INSERT INTO solutions_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)').run(rowid, text.title, text.summary, text.body);
  }

  put(record: SolutionRecord) {
    return this.run(() => this.db.transaction(() => {
      this.t.insert(record);
      this.reindex(record);
      return record;
    })());
  }

  update(id: string, patch: Partial<Pick<SolutionRecord, 'fields' | 'revision' | 'updatedAt' | 'deletedAt' | 'url' | 'authorId'>>) {
    return this.run(() => this.db.transaction(() => {
      if (!this.t.update('id', id, patch)) return undefined;
      const record = this.t.get('id = ?', id)!;
      this.reindex(record);
      return record;
    })());
  }

  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  listByAuthor(authorId: string) { return this.run(() => this.t.all('author_id = ? AND local = 1 ORDER BY id', authorId)); }
  getByUri(uri: string) { return this.run(() => this.t.get('uri = ?', uri)); }
  getByUris(uris: string[]) { return this.run(() => inChunks(uris, (json) => this.t.all('uri IN (SELECT value FROM json_each(?))', json))); }

  listByActor(actorId: string, o: { limit: number; beforeId?: string }) {
    const order = 'ORDER BY published_at DESC, id DESC LIMIT ?';
    return this.run(() => (o.beforeId === undefined
      ? this.t.all(`actor_id = ? AND deleted_at IS NULL ${order}`, actorId, o.limit)
      // An unknown cursor makes the row value NULL, so nothing compares below it: [].
      : this.t.all(`actor_id = ? AND deleted_at IS NULL AND (published_at, id) < (SELECT published_at, id FROM solutions WHERE id = ?) ${order}`, actorId, o.beforeId, o.limit)));
  }

  newestOfActors(actorIds: string[], limit: number) {
    if (limit <= 0) return Promise.resolve([]);
    // Per agency its newest `limit` rows by the solutions_actor_published range (the correlated
    // LIMIT), then the overall order: one statement whose work is agencies x limit.
    const sql = `SELECT s.* FROM json_each(?) k JOIN solutions s ON s.rowid IN (
        SELECT rowid FROM solutions WHERE actor_id = k.value AND deleted_at IS NULL ORDER BY published_at DESC, id DESC LIMIT ?)
      ORDER BY s.published_at DESC, length(s.id) DESC, s.id DESC LIMIT ?`;
    return this.run(() => {
      const rows = inChunks(actorIds, (json) => (this.t.stmt(sql).all(json, limit, limit) as Record<string, unknown>[]).map((r) => this.t.fromRow(r)!));
      return rows.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || compareIds(b.id, a.id)).slice(0, limit);
    });
  }

  mostAdopted(limit: number) {
    return this.run(() => {
      // CROSS JOIN: driven from the counts (one uri lookup per adopted solution); without ANALYZE
      // SQLite may otherwise scan the solutions and the counts once per solution.
      const rows = this.t.stmt(`SELECT s.*, a.n AS adoptions_n
        FROM (SELECT solution_uri, count(*) AS n FROM adoptions WHERE status != 'abandoned' GROUP BY solution_uri) a
        CROSS JOIN solutions s ON s.uri = a.solution_uri
        WHERE s.deleted_at IS NULL
        ORDER BY a.n DESC, s.published_at DESC, s.id DESC LIMIT ?`).all(limit) as Array<Record<string, unknown> & { adoptions_n: number }>;
      return rows.map((r) => ({ solution: this.t.fromRow(r)!, adoptions: r.adoptions_n }));
    });
  }

  addRevision(revision: SolutionRevision) {
    return this.run(() => {
      this.t.stmt('INSERT OR IGNORE INTO solution_revisions (solution_id, revision, at, fields) VALUES (?, ?, ?, ?)')
        .run(revision.solutionId, revision.revision, revision.at, JSON.stringify(revision.fields));
    });
  }

  listRevisions(solutionId: string) {
    return this.run(() => this.revisions.all('solution_id = ? ORDER BY revision', solutionId));
  }

  addReplies(id: string, delta: number) {
    return this.run(() => {
      this.t.stmt('UPDATE solutions SET replies_count = max(0, replies_count + ?) WHERE id = ?').run(delta, id);
    });
  }

  search(query: SolutionQuery): Promise<SolutionSearchResult> {
    return this.run(() => {
      const match = query.text ? ftsQuery(query.text) : undefined;
      const filters: Partial<Record<FacetName, string[]>> = {};
      for (const f of FACET_NAMES) {
        const values = query[f]?.filter(Boolean);
        if (values?.length) filters[f] = f === 'tag' ? values.map((v) => v.toLowerCase()) : values;
      }
      // FROM/WHERE for the matches, leaving out one facet's own filter (for its counts).
      const base = (except?: FacetName): { sql: string; params: unknown[] } => {
        const params: unknown[] = [];
        let sql = 'FROM solutions s';
        if (match) {
          sql += ' JOIN solutions_fts ON solutions_fts.rowid = s.rowid AND solutions_fts MATCH ?';
          params.push(match);
        }
        sql += ' WHERE s.deleted_at IS NULL';
        for (const [facet, values] of Object.entries(filters) as Array<[FacetName, string[]]>) {
          if (facet === except) continue;
          sql += ` AND EXISTS (SELECT 1 FROM solution_facets sf WHERE sf.solution_id = s.id AND sf.facet = ? AND sf.value IN (${values.map(() => '?').join(', ')}))`;
          params.push(facet, ...values);
        }
        return { sql, params };
      };
      const all = base();
      const order = match ? 'ORDER BY bm25(solutions_fts, 10.0, 4.0, 1.0), s.published_at DESC' : 'ORDER BY s.published_at DESC, s.id DESC';
      const rows = this.t.stmt(`SELECT s.* ${all.sql} ${order} LIMIT ? OFFSET ?`).all(...all.params, query.limit, query.offset) as Record<string, unknown>[];
      const total = (this.t.stmt(`SELECT count(*) AS n ${all.sql}`).get(...all.params) as { n: number }).n;
      // Facet counts cost what the matches cost, not what the catalogue holds: facet rows exist only
      // for solutions not deleted, so with no condition at all they are counted from the covering
      // (facet, value) index; otherwise the matches are materialized once and their facet rows read
      // by the (solution_id, facet, value) key. Facets with a filter of their own are counted
      // without it (disjunctive), each over its own match set.
      const facets = {} as Record<FacetName, FacetCount[]>;
      const unfiltered = FACET_NAMES.filter((f) => !filters[f]);
      const counted = (where: { sql: string; params: unknown[] }, only?: FacetName): Array<FacetCount & { facet: FacetName }> => {
        const facetCond = only ? 'AND f.facet = ?' : '';
        const noCondition = !match && Object.keys(filters).every((f) => f === only);
        const sql = noCondition
          ? `SELECT f.facet, f.value, count(*) AS count FROM solution_facets f WHERE 1 ${facetCond} GROUP BY f.facet, f.value`
          // CROSS JOIN keeps SQLite from driving the join from the facet index (a full scan per match).
          : `WITH m AS MATERIALIZED (SELECT s.id ${where.sql}) SELECT f.facet, f.value, count(*) AS count FROM m CROSS JOIN solution_facets f ON f.solution_id = m.id ${facetCond} GROUP BY f.facet, f.value`;
        return this.t.stmt(sql).all(...(noCondition ? [] : where.params), ...(only ? [only] : [])) as Array<FacetCount & { facet: FacetName }>;
      };
      const top = (rows: Array<FacetCount & { facet: FacetName }>, facet: FacetName): FacetCount[] => rows
        .filter((r) => r.facet === facet)
        .sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0))
        .slice(0, 100)
        .map(({ value, count }) => ({ value, count }));
      if (unfiltered.length) {
        const rows = counted(all);
        for (const f of unfiltered) facets[f] = top(rows, f);
      }
      for (const f of FACET_NAMES.filter((x) => filters[x])) facets[f] = top(counted(base(f), f), f);
      return { items: rows.map((r) => this.t.fromRow(r)!), total, facets };
    });
  }

  deleteAllOf(actorId: string) {
    return this.run(() => this.db.transaction(() => {
      this.t.stmt('DELETE FROM solutions_fts WHERE rowid IN (SELECT rowid FROM solutions WHERE actor_id = ?)').run(actorId);
      this.t.stmt('DELETE FROM adoptions WHERE adopter_id = ?').run(actorId);
      return this.t.stmt('DELETE FROM solutions WHERE actor_id = ?').run(actorId).changes;
    })());
  }

  listReplies(solutionUri: string, limit: number) {
    return this.run(() => this.objects.all(
      "in_reply_to_uri = ? AND deleted_at IS NULL AND visibility IN ('public', 'unlisted') ORDER BY published_at, id LIMIT ?", solutionUri, limit,
    ));
  }

  putAdoption(adoption: AdoptionRecord) { return this.run(() => (this.adoptions.insert(adoption), adoption)); }
  updateAdoption(id: string, patch: Partial<AdoptionRecord>) {
    return this.run(() => (this.adoptions.update('id', id, patch), this.adoptions.get('id = ?', id)));
  }
  getAdoptionByUri(uri: string) { return this.run(() => this.adoptions.get('uri = ?', uri)); }
  getAdoptionsByUris(uris: string[]) { return this.run(() => inChunks(uris, (json) => this.adoptions.all('uri IN (SELECT value FROM json_each(?))', json))); }
  getAdoption(solutionUri: string, adopterId: string) { return this.run(() => this.adoptions.get('solution_uri = ? AND adopter_id = ?', solutionUri, adopterId)); }
  listAdoptions(solutionUri: string) { return this.run(() => this.adoptions.all('solution_uri = ? ORDER BY at DESC, id DESC', solutionUri)); }
  listAdoptionsByAdopter(adopterId: string, limit: number) {
    return this.run(() => this.adoptions.all('adopter_id = ? ORDER BY at DESC, id DESC LIMIT ?', adopterId, limit));
  }
  /** The uris go in as one JSON parameter: no list is too long for SQLite's limit on variables, and no chunks to merge. */
  listAdoptionsOf(solutionUris: string[]) {
    return this.run(() => (solutionUris.length === 0 ? [] : this.adoptions.all(
      'solution_uri IN (SELECT value FROM json_each(?)) ORDER BY at DESC, id DESC', JSON.stringify(solutionUris),
    )));
  }
}
