import type { Database } from 'better-sqlite3';
import type { StoredObject } from '../port.js';
import {
  FACET_NAMES, facetValues, SEARCH_BOUNDS, searchText,
  type AdoptionRecord, type FacetCount, type FacetName, type SolutionQuery, type SolutionRecord, type SolutionRepository, type SolutionRevision, type SolutionSearchResult,
} from '../port/solutions.js';
import { Table } from './table.js';
import { inChunks } from './batch.js';
import { compareIds } from './paging.js';
import type { Runner } from './gate.js';

/** The words of a query, at most 12 (the MongoDB adapter's queryWords takes the same). */
function queryWords(text: string | undefined): string[] {
  return text?.match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? [];
}

/** Words of the query, each as a prefix ("samtale" finds "samtaler", "samtalen"), all required. */
export function ftsQuery(text: string): string | undefined {
  const words = queryWords(text);
  if (!words.length) return undefined;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** At most this many whole terms replace a prefix; a word that begins more stays a prefix query. */
const MAX_TERMS = 8;

/**
 * Letters whose lower case FTS5's unicode61 (Unicode 6.1 simple folding) and JavaScript agree on:
 * ASCII, Latin-1 and Latin Extended-A/B (every Nordic letter). A word with another letter is left
 * to FTS5's own prefix query, so a folding difference can never lose a match.
 */
const FOLDS_ALIKE = /^[0-9\u0041-\u005a\u0061-\u007a\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+$/u;

const FACET_CODE: Record<FacetName, string> = { sector: 's', language: 'l', maturity: 'm', origin: 'o', tag: 't' };
const CODE_FACET = new Map(Object.entries(FACET_CODE).map(([f, c]) => [c, f as FacetName]));

/**
 * A facet value as one FTS5 token of the `facets` column: the facet's letter and the value's
 * UTF-8 in hex, so that no value (a host with dots, a tag with spaces or quotes) is split or
 * matched by a prefix of another. Migration 027 writes the same with SQL's hex().
 */
export function facetToken(facet: FacetName, value: string): string {
  return FACET_CODE[facet] + Buffer.from(value, 'utf8').toString('hex');
}

/**
 * The FTS5 expression for the text (each word a prefix, in the text columns only) and the facet
 * filters (values of one facet OR-ed, facets AND-ed), leaving out one facet's own filter (for its
 * counts); undefined when nothing is asked (browse). Only words and hex reach the expression.
 */
export function matchExpression(
  words: string[], filters: Partial<Record<FacetName, string[]>>, except?: FacetName, terms?: ReadonlyMap<string, string[]>,
): string | undefined {
  const parts: string[] = [];
  const word = (w: string) => {
    const whole = terms?.get(w);
    return whole?.length ? `(${whole.map((x) => `"${x.replace(/"/g, '""')}"`).join(' OR ')})` : `"${w}"*`;
  };
  if (words.length) parts.push(`{title summary body} : (${words.map(word).join(' AND ')})`);
  for (const [facet, values] of Object.entries(filters) as Array<[FacetName, string[]]>) {
    if (facet !== except) parts.push(`facets : (${values.map((v) => `"${facetToken(facet, v)}"`).join(' OR ')})`);
  }
  return parts.length ? parts.join(' AND ') : undefined;
}

/**
 * The catalogue search's statements, each with its plan pinned (INDEXED BY, CROSS JOIN, a
 * subquery that leaves the order to FTS5) so that no plan depends on ANALYZE statistics;
 * test/store/sqlite-search-plans.test.ts checks each plan, with and without statistics.
 */
export const SEARCH_SQL = {
  /** Matches counted up to a limit: FTS5 stops reading doclists there. */
  count: 'SELECT count(*) AS n FROM (SELECT 1 FROM solutions_fts WHERE solutions_fts MATCH ? LIMIT ?)',
  /** The whole terms a word begins, from FTS5's vocabulary (a range of its terms). */
  terms: 'SELECT term FROM solutions_fts_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?',
  /** One counter. */
  counter: 'SELECT n FROM solution_facet_counts WHERE facet = ? AND value = ?',
  /** Solutions indexed: facetValues gives each exactly one origin value. */
  indexed: "SELECT coalesce(sum(n), 0) AS n FROM solution_facet_counts WHERE facet = 'origin'",
  /** The maintained counters of one facet, top 100 read off the (facet, n desc, value) index. */
  counters: 'SELECT facet, value, n AS count FROM solution_facet_counts INDEXED BY solution_facet_counts_top WHERE facet = ? AND n > 0 ORDER BY n DESC, value LIMIT 100',
  /** The newest matches and their facet tokens: FTS5 walks rowids backwards, no sort. */
  sampled: 'SELECT rowid, facets FROM solutions_fts WHERE solutions_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
  /** The same with the text, for scoring the window (textScorer). */
  window: 'SELECT rowid, facets, title, summary, body FROM solutions_fts WHERE solutions_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
  /** The page's rows, by rowid (put in the page's order by the caller). */
  byRowid: 'SELECT s.rowid AS rowid, s.* FROM json_each(?) j CROSS JOIN solutions s ON s.rowid = j.value WHERE s.deleted_at IS NULL',
  /** Browse: a range of the partial index, then the page's rows by rowid. */
  newest: `SELECT s.* FROM (SELECT rowid AS r FROM solutions INDEXED BY solutions_published WHERE deleted_at IS NULL ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?) p
    CROSS JOIN solutions s ON s.rowid = p.r ORDER BY s.published_at DESC, s.id DESC`,
  /** The matches older than the window, most recently stored first. */
  beforeWindow: 'SELECT rowid FROM solutions_fts WHERE solutions_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ? OFFSET ?',
  /** Filters only, all matches in hand: just those rows, sorted. */
  newestOfFew: `SELECT s.* FROM json_each(?) j CROSS JOIN solutions s ON s.rowid = j.value WHERE s.deleted_at IS NULL
    ORDER BY s.published_at DESC, s.id DESC LIMIT ? OFFSET ?`,
  /** Filters only, many matches: the newest walked until the page is full. */
  newestOfMany: (where: string) => `SELECT s.* FROM (SELECT s.rowid AS r FROM solutions s INDEXED BY solutions_published WHERE ${where}
    ORDER BY s.published_at DESC, s.id DESC LIMIT ? OFFSET ?) p CROSS JOIN solutions s ON s.rowid = p.r ORDER BY s.published_at DESC, s.id DESC`,
} as const;

/**
 * The rank of a match, as the MongoDB adapter's scoreExpression: for each query word, 10 if a word
 * of the title begins with it, 4 if one of the summary does, 1 if one of the rest does. Not FTS5's
 * bm25: bm25 first counts, for every query word, every solution containing it (its IDF), on every
 * query and whatever the LIMIT or rowid range, so a frequent word cost what the catalogue holds
 * even for a page of 20 (docs/performance.md). This reads only the window's own text.
 */
export function textScorer(words: string[]): (text: { title: string; summary: string; body: string }) => number {
  // A word start: not preceded by a letter or digit (FTS5's unicode61 splits words the same way).
  const starts = words.map((w) => new RegExp(`(?<![\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu'));
  return (text) => {
    let score = 0;
    for (const re of starts) {
      if (re.test(text.title)) score += 10;
      if (re.test(text.summary)) score += 4;
      if (re.test(text.body)) score += 1;
    }
    return score;
  };
}

/** The one (facet, value) of a query filtering by a single value of a single facet. */
export function singleFilter(filters: Partial<Record<FacetName, string[]>>): [FacetName, string] | undefined {
  const entries = Object.entries(filters) as Array<[FacetName, string[]]>;
  const values = entries.length === 1 ? [...new Set(entries[0]![1])] : [];
  return values.length === 1 ? [entries[0]![0], values[0]!] : undefined;
}

/**
 * Bumped whenever solutions are indexed on a connection (any repository object over it, the
 * transaction views included): the vocabulary may have changed, so wholeTerms' cache is dropped.
 * Other connections' commits (a CLI erasing solutions) show in PRAGMA data_version.
 */
const indexVersions = new WeakMap<Database, { n: number }>();
const indexVersion = (db: Database) => {
  let v = indexVersions.get(db);
  if (!v) indexVersions.set(db, (v = { n: 0 }));
  return v;
};

type Counted = Array<FacetCount & { facet: FacetName }>;

/** Most first; ties by value in UTF-8 byte order (SQLite's BINARY collation, MongoDB's simple one). */
function top(rows: Counted, facet: FacetName): FacetCount[] {
  return rows
    .filter((r) => r.facet === facet)
    .sort((x, y) => y.count - x.count || Buffer.compare(Buffer.from(x.value), Buffer.from(y.value)))
    .slice(0, 100)
    .map(({ value, count }) => ({ value, count }));
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
    indexVersion(this.db).n += 1;
    const rowid = (this.t.stmt('SELECT rowid AS r FROM solutions WHERE id = ?').get(record.id) as { r: number }).r;
    this.t.stmt('DELETE FROM solution_facets WHERE solution_id = ?').run(record.id);
    this.t.stmt('DELETE FROM solutions_fts WHERE rowid = ?').run(rowid);
    if (record.deletedAt) return;
    // The facet rows' triggers keep solution_facet_counts (migration 027) in this transaction.
    const insert = this.t.stmt('INSERT OR IGNORE INTO solution_facets (solution_id, facet, value) VALUES (?, ?, ?)');
    const tokens = new Set<string>();
    for (const [facet, value] of facetValues(record)) {
      insert.run(record.id, facet, value);
      tokens.add(facetToken(facet, value));
    }
    const text = searchText(record.fields);
    this.t.stmt('INSERT INTO solutions_fts (rowid, title, summary, body, facets) VALUES (?, ?, ?, ?, ?)').run(rowid, text.title, text.summary, text.body, [...tokens].join(' '));
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

  /**
   * Bounded whatever the catalogue holds (docs/performance.md, "Catalogue search"). Browse (no text,
   * no filter) reads the maintained counters and the newest page from solutions_published. Anything
   * else is one FTS5 expression (matchExpression) read most recently stored first (rowid desc, which
   * FTS5 walks without sorting): counted up to `countUpTo`, the `sample` newest matches ranked
   * (textScorer) and facet-counted from their own FTS row, so a frequent word neither counts,
   * scores nor sorts every match. Plans are pinned (CROSS JOIN, INDEXED BY) and checked by
   * test/store/sqlite-search-plans.test.ts: no plan depends on ANALYZE statistics.
   */
  search(query: SolutionQuery): Promise<SolutionSearchResult> {
    return this.run(() => {
      const countUpTo = Math.max(1, query.countUpTo ?? SEARCH_BOUNDS.countUpTo);
      const sample = Math.max(1, query.sample ?? SEARCH_BOUNDS.sample);
      const words = queryWords(query.text);
      const filters: Partial<Record<FacetName, string[]>> = {};
      for (const f of FACET_NAMES) {
        const values = query[f]?.filter(Boolean);
        if (values?.length) filters[f] = f === 'tag' ? values.map((v) => v.toLowerCase()) : values;
      }
      const facets = {} as Record<FacetName, FacetCount[]>;
      const facetsExact = {} as Record<FacetName, boolean>;
      const terms = this.wholeTerms(words);
      const expr = matchExpression(words, filters, undefined, terms);
      if (!expr) {
        const counted = this.counted();
        for (const f of FACET_NAMES) [facets[f], facetsExact[f]] = [top(counted, f), true];
        return { items: this.newest(query.limit, query.offset), total: this.indexedCount(), totalExact: true, facets, facetsExact };
      }
      // One facet value and no text (a tag page, a facet link): its counter is the exact total.
      const single = !words.length ? singleFilter(filters) : undefined;
      const exactN = single ? ((this.t.stmt(SEARCH_SQL.counter).get(single[0], single[1]) as { n: number } | undefined)?.n ?? 0) : undefined;
      const n = exactN ?? (this.t.stmt(SEARCH_SQL.count).get(expr, countUpTo + 1) as { n: number }).n;
      const newest = this.sampled(expr, sample, words);
      // Facets with a filter of their own are counted without it (disjunctive), each over its own matches.
      const unfiltered = FACET_NAMES.filter((f) => !filters[f]);
      const mainCounts = this.countTokens(newest.facets, new Set(unfiltered));
      for (const f of unfiltered) [facets[f], facetsExact[f]] = [top(mainCounts, f), n <= sample];
      for (const f of FACET_NAMES.filter((x) => filters[x])) {
        const own = matchExpression(words, filters, f, terms);
        if (!own) {
          [facets[f], facetsExact[f]] = [top(this.counted(f), f), true];
          continue;
        }
        const s = this.sampled(own, sample + 1);
        [facets[f], facetsExact[f]] = [top(this.countTokens(s.facets.slice(0, sample), new Set([f])), f), s.facets.length <= sample];
      }
      const items = words.length
        ? this.ranked(expr, newest, n > sample, query.limit, query.offset)
        : this.newestOf(filters, n <= sample ? newest.rowids : undefined, query.limit, query.offset);
      if (exactN !== undefined) return { items, total: exactN, totalExact: true, facets, facetsExact };
      return { items, total: Math.min(n, countUpTo), totalExact: n <= countUpTo, facets, facetsExact };
    });
  }

  /**
   * Each word's whole terms when it begins at most MAX_TERMS of them (the words are prefixes:
   * "samtale" is "samtale" OR "samtalen" OR "samtaler"), so FTS5 reads those doclists as it goes
   * instead of merging every matching one first. A word that begins none keeps its prefix form
   * (it then matches nothing either), as does one FTS5 might fold otherwise (FOLDS_ALIKE).
   */
  private wholeTerms(words: string[]): Map<string, string[]> {
    // fts5vocab reads each term's whole doclist to count it (3 ms for a word in a quarter of
    // 250,000 solutions), so what a word begins is kept until the index changes.
    // A prepared statement: db.pragma() compiles its statement again on every call.
    const version = `${indexVersion(this.db).n}:${String(this.t.stmt('PRAGMA data_version').pluck().get())}`;
    if (version !== this.termsVersion || this.termsCache.size > 10_000) {
      this.termsCache.clear();
      this.termsVersion = version;
    }
    const out = new Map<string, string[]>();
    for (const w of words) {
      const folded = w.toLowerCase();
      if (!FOLDS_ALIKE.test(w) || folded.length !== w.length) continue;
      let found = this.termsCache.get(folded);
      if (!found) {
        // Every term beginning with the word sorts from the word up to the word followed by the last code point.
        found = this.t.stmt(SEARCH_SQL.terms).pluck().all(folded, `${folded}\u{10ffff}`, MAX_TERMS + 1) as string[];
        this.termsCache.set(folded, found);
      }
      if (found.length && found.length <= MAX_TERMS) out.set(w, found);
    }
    return out;
  }

  private termsVersion = '';
  private readonly termsCache = new Map<string, string[]>();

  /** Solutions indexed: facetValues gives every one exactly one origin value. */
  private indexedCount(): number {
    return (this.t.stmt(SEARCH_SQL.indexed).get() as { n: number }).n;
  }

  /** The maintained counters (browse), the top 100 of each facet by the (facet, n desc, value) index. */
  private counted(only?: FacetName): Counted {
    const stmt = this.t.stmt(SEARCH_SQL.counters);
    return (only ? [only] : FACET_NAMES).flatMap((f) => stmt.all(f) as Counted);
  }

  /** The `limit` newest matches' rowids and facet tokens, most recently stored first; with words, their scores too. */
  private sampled(expr: string, limit: number, words?: string[]): { rowids: number[]; facets: string[]; scores: number[] } {
    if (!words?.length) {
      const rows = this.t.stmt(SEARCH_SQL.sampled).raw().all(expr, limit) as Array<[number, string | null]>;
      return { rowids: rows.map((r) => r[0]), facets: rows.map((r) => r[1] ?? ''), scores: [] };
    }
    const rows = this.t.stmt(SEARCH_SQL.window).raw().all(expr, limit) as Array<[number, string | null, string | null, string | null, string | null]>;
    const score = textScorer(words);
    return {
      rowids: rows.map((r) => r[0]),
      facets: rows.map((r) => r[1] ?? ''),
      scores: rows.map((r) => score({ title: r[2] ?? '', summary: r[3] ?? '', body: r[4] ?? '' })),
    };
  }

  private readonly tokenCache = new Map<string, [FacetName, string] | null>();

  private decode(token: string): [FacetName, string] | null {
    let hit = this.tokenCache.get(token);
    if (hit === undefined) {
      const facet = CODE_FACET.get(token[0]!);
      hit = facet ? [facet, Buffer.from(token.slice(1), 'hex').toString('utf8')] : null;
      // Distinct facet values are few beside solutions; the bound only stops an unusual catalogue growing it.
      if (this.tokenCache.size >= 50_000) this.tokenCache.clear();
      this.tokenCache.set(token, hit);
    }
    return hit;
  }

  private countTokens(facetTokens: string[], wanted: Set<FacetName>): Counted {
    // Tokens are counted as they are and filtered by their first letter; only distinct ones are decoded.
    // Walked with indexOf, and a token cut out only when its facet is wanted: split made every
    // token of every row a string (a quarter of this function's time went to them).
    const codes = new Uint8Array(128);
    for (const f of wanted) codes[FACET_CODE[f].charCodeAt(0)] = 1;
    const counts = new Map<string, number>();
    for (const list of facetTokens) {
      for (let i = 0, end = 0; i < list.length; i = end + 1) {
        end = list.indexOf(' ', i);
        if (end < 0) end = list.length;
        if (end > i && codes[list.charCodeAt(i)] === 1) {
          const token = list.slice(i, end);
          counts.set(token, (counts.get(token) ?? 0) + 1);
        }
      }
    }
    const out: Counted = [];
    for (const [token, count] of counts) {
      const d = this.decode(token);
      if (d) out.push({ facet: d[0], value: d[1], count });
    }
    return out;
  }

  /** Browse: newest published first, a range of the partial solutions_published index. */
  private newest(limit: number, offset: number): SolutionRecord[] {
    return (this.t.stmt(SEARCH_SQL.newest).all(limit, offset) as Record<string, unknown>[]).map((r) => this.t.fromRow(r)!);
  }

  /**
   * Text: best score first within the window (ties most recently stored first), then, when more
   * matched than the window holds, the older matches most recently stored first. Only the page's
   * rows are read from solutions.
   */
  private ranked(expr: string, window: { rowids: number[]; scores: number[] }, more: boolean, limit: number, offset: number): SolutionRecord[] {
    const order = window.rowids.map((r, i) => ({ r, score: window.scores[i]! })).sort((x, y) => y.score - x.score || y.r - x.r);
    const page = order.slice(offset, offset + limit).map((x) => x.r);
    if (more && page.length < limit && window.rowids.length) {
      const from = window.rowids[window.rowids.length - 1]!;
      const rest = this.t.stmt(SEARCH_SQL.beforeWindow).pluck().all(expr, from, limit - page.length, Math.max(0, offset - window.rowids.length)) as number[];
      page.push(...rest);
    }
    if (!page.length) return [];
    const byRowid = new Map((this.t.stmt(SEARCH_SQL.byRowid).all(JSON.stringify(page)) as Array<Record<string, unknown>>).map((row) => [row.rowid as number, row]));
    return page.flatMap((r) => {
      const row = byRowid.get(r);
      return row ? [this.t.fromRow(row)!] : [];
    });
  }

  /**
   * Filters without text: newest published first. When all matches are in hand (few), only they are
   * read and sorted; else the newest are walked through solutions_published until the page is full
   * (the filters hold for more than `sample` solutions, so the walk is short unless paged deep).
   */
  private newestOf(filters: Partial<Record<FacetName, string[]>>, all: number[] | undefined, limit: number, offset: number): SolutionRecord[] {
    if (all) {
      return (this.t.stmt(SEARCH_SQL.newestOfFew).all(JSON.stringify(all), limit, offset) as Record<string, unknown>[]).map((r) => this.t.fromRow(r)!);
    }
    const params: unknown[] = [];
    let where = 's.deleted_at IS NULL';
    for (const [facet, values] of Object.entries(filters) as Array<[FacetName, string[]]>) {
      where += ` AND EXISTS (SELECT 1 FROM solution_facets sf WHERE sf.solution_id = s.id AND sf.facet = ? AND sf.value IN (${values.map(() => '?').join(', ')}))`;
      params.push(facet, ...values);
    }
    return (this.t.stmt(SEARCH_SQL.newestOfMany(where)).all(...params, limit, offset) as Record<string, unknown>[]).map((r) => this.t.fromRow(r)!);
  }

  deleteAllOf(actorId: string) {
    return this.run(() => this.db.transaction(() => {
      indexVersion(this.db).n += 1;
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
