import type { AdoptionStatus, Result, SolutionFields } from '../../domain/solutions/model.js';
import { languagesOf } from '../../domain/solutions/model.js';
import type { StoredObject } from './objects.js';

/**
 * A solution's structured fields, local or federated. `id` and `uri` are those of its row in
 * `objects` (type Article, data = its AS2 document): timelines see the object, the catalogue this.
 */
export interface SolutionRecord {
  id: string;
  uri: string;
  /** The publishing agency (the Article's attributedTo), a local or remote actor id. */
  actorId: string;
  /** The local staff member who published it; null for remote solutions. */
  authorId: string | null;
  local: boolean;
  /** The HTML page. */
  url: string | null;
  /** host[:port] of the instance it comes from. */
  origin: string;
  revision: number;
  publishedAt: string;
  updatedAt: string | null;
  deletedAt: string | null;
  /** Replies (questions, discussion) received; adoption notes are not counted. */
  repliesCount: number;
  fields: SolutionFields;
}

export interface SolutionRevision {
  solutionId: string;
  revision: number;
  at: string;
  fields: SolutionFields;
}

export interface AdoptionState {
  revision: number;
  status: AdoptionStatus;
  note: string;
  language: string | null;
  results: Result[];
  startedAt: string | null;
  at: string;
}

/** One agency's current adoption of one solution; earlier states in `history` (oldest first). */
export interface AdoptionRecord extends AdoptionState {
  id: string;
  /** The adoption's own id (on the adopter's instance). */
  uri: string;
  solutionUri: string;
  adopterId: string;
  local: boolean;
  createdAt: string;
  history: AdoptionState[];
}

export type FacetName = 'sector' | 'language' | 'maturity' | 'origin' | 'tag';
export const FACET_NAMES: readonly FacetName[] = ['sector', 'language', 'maturity', 'origin', 'tag'];

/**
 * The catalogue search, one shape for every adapter (SQLite FTS5, MongoDB text index): free text
 * over every language present, plus facet filters (values within one facet are OR-ed, facets
 * AND-ed). Deleted solutions never match.
 */
export interface SolutionQuery {
  text?: string;
  sector?: string[];
  language?: string[];
  maturity?: string[];
  origin?: string[];
  /** Compared case-insensitively. */
  tag?: string[];
  limit: number;
  offset: number;
  /** Matches are counted up to this many (default SEARCH_BOUNDS.countUpTo); past it `total` is a lower bound. */
  countUpTo?: number;
  /**
   * How many matches are ranked and facet-counted (default SEARCH_BOUNDS.sample): the most
   * recently stored ones. Up to this many matches everything is exact.
   */
  sample?: number;
}

/**
 * What one search may cost, so that a frequent word costs what a rare one does, not what the
 * catalogue holds (docs/performance.md, "Catalogue search"). Browse with no text and no filter is
 * always exact (maintained counters).
 */
export const SEARCH_BOUNDS = { countUpTo: 10_000, sample: 500 } as const;

export interface FacetCount { value: string; count: number }

export interface SolutionSearchResult {
  /**
   * With text: best match first by the words' places (for each word 10 if a word of the title
   * begins with it, 4 the summary, 1 the rest), ties most recently stored first. When more than `sample` match,
   * the best among the `sample` most recently stored matches come first, then the other matches,
   * most recently stored first. Without text: newest published first.
   */
  items: SolutionRecord[];
  /** The number of matches, exact when `totalExact`; else a lower bound (`countUpTo`: more matched). */
  total: number;
  totalExact: boolean;
  /**
   * Per facet: counts over the matches with every other facet's filter applied (not its own), most
   * first (ties by value), at most 100. When `facetsExact[facet]` is false more than `sample` solutions
   * matched and the counts were taken over the `sample` most recently stored of them: each count is a
   * lower bound, and a value found only outside the sample is missing.
   */
  facets: Record<FacetName, FacetCount[]>;
  facetsExact: Record<FacetName, boolean>;
}

export interface SolutionRepository {
  /** Inserts and indexes; StoreConflict when id or uri exists. */
  put(record: SolutionRecord): Promise<SolutionRecord>;
  /** Changes and re-indexes; a set `deletedAt` takes it out of search. */
  update(id: string, patch: Partial<Pick<SolutionRecord, 'fields' | 'revision' | 'updatedAt' | 'deletedAt' | 'url' | 'authorId'>>): Promise<SolutionRecord | undefined>;
  getById(id: string): Promise<SolutionRecord | undefined>;
  /** Local solutions a staff member wrote, deleted ones included, oldest first (erasure). */
  listByAuthor(authorId: string): Promise<SolutionRecord[]>;
  /**
   * One publishing agency's solutions (actorId = its Organization actor), not deleted, newest
   * published first (ties: id desc). `beforeId` continues after that solution in this order; an
   * id the store does not hold gives []. A cursor by id alone would not do: a remote solution's id
   * is made when it arrives here, so ids and publication dates need not agree (an outbox read
   * newest first gets the oldest solution the largest id).
   */
  listByActor(actorId: string, options: { limit: number; beforeId?: string }): Promise<SolutionRecord[]>;
  /**
   * The newest `limit` solutions of these agencies together, in listByActor's order: what
   * listByActor for each and a merge would give, in one call (each agency's own newest `limit`
   * are read, so the work is bounded per agency, never by the catalogue).
   */
  newestOfActors(actorIds: string[], limit: number): Promise<SolutionRecord[]>;
  /**
   * Solutions by adoptions reported in any status but 'abandoned', most first (ties: newest
   * published first, then id desc). Deleted solutions and solutions with no such adoption never
   * appear, nor adoptions of solutions this instance does not hold.
   */
  mostAdopted(limit: number): Promise<Array<{ solution: SolutionRecord; adoptions: number }>>;
  getByUri(uri: string): Promise<SolutionRecord | undefined>;
  /** The solutions with these URIs (deleted ones too, as getByUri), in no particular order. */
  getByUris(uris: string[]): Promise<SolutionRecord[]>;
  /** Keeps the first record of a revision number (a redelivered Update changes nothing). */
  addRevision(revision: SolutionRevision): Promise<void>;
  /** Oldest first. */
  listRevisions(solutionId: string): Promise<SolutionRevision[]>;
  addReplies(id: string, delta: number): Promise<void>;
  search(query: SolutionQuery): Promise<SolutionSearchResult>;
  /**
   * The actor is gone (Delete of the actor): its solutions (with revisions and index entries) and
   * the adoptions it reported are removed. Returns the number of solutions removed.
   */
  deleteAllOf(actorId: string): Promise<number>;
  /** Public, not deleted replies (objects whose inReplyTo is the solution), oldest first. */
  listReplies(solutionUri: string, limit: number): Promise<StoredObject[]>;

  /** StoreConflict when the uri or the (solution, adopter) pair exists. */
  putAdoption(adoption: AdoptionRecord): Promise<AdoptionRecord>;
  updateAdoption(id: string, patch: Partial<Omit<AdoptionRecord, 'id' | 'uri' | 'solutionUri' | 'adopterId' | 'local' | 'createdAt'>>): Promise<AdoptionRecord | undefined>;
  getAdoptionByUri(uri: string): Promise<AdoptionRecord | undefined>;
  /** The adoptions with these URIs, in no particular order. */
  getAdoptionsByUris(uris: string[]): Promise<AdoptionRecord[]>;
  getAdoption(solutionUri: string, adopterId: string): Promise<AdoptionRecord | undefined>;
  /** Most recently changed first. */
  listAdoptions(solutionUri: string): Promise<AdoptionRecord[]>;
  /** Adoptions one actor reported, of any solution, most recently changed first (at desc, id desc). */
  listAdoptionsByAdopter(adopterId: string, limit: number): Promise<AdoptionRecord[]>;
  /** Adoptions of any of these solutions (by uri), most recently changed first; [] for []. Any number of uris. */
  listAdoptionsOf(solutionUris: string[]): Promise<AdoptionRecord[]>;
}

/** Facet values a solution is found under. Tags are lower-cased. */
export function facetValues(record: Pick<SolutionRecord, 'fields' | 'origin'>): Array<[FacetName, string]> {
  const f = record.fields;
  const out: Array<[FacetName, string]> = [];
  for (const s of new Set(f.sectors ?? [])) out.push(['sector', s]);
  for (const l of new Set(languagesOf(f))) out.push(['language', l]);
  if (f.maturity) out.push(['maturity', f.maturity]);
  out.push(['origin', record.origin]);
  for (const t of new Set((f.tags ?? []).map((x) => x.toLowerCase()))) out.push(['tag', t]);
  return out;
}

/** The text a solution is found by, in every language it has: title, summary and the rest. */
export function searchText(fields: SolutionFields): { title: string; summary: string; body: string } {
  const tr = Object.values(fields.translations ?? {});
  const join = (xs: Array<string | undefined>) => xs.filter(Boolean).join('\n');
  return {
    title: join([fields.title, ...tr.map((t) => t.title)]),
    summary: join([fields.summary, ...tr.map((t) => t.summary)]),
    body: join([
      fields.problem, fields.approach, fields.evidence, fields.resources,
      ...tr.flatMap((t) => [t.problem, t.approach, t.evidence]),
      ...(fields.results ?? []).flatMap((r) => [r.metric, r.method]),
      ...(fields.targetGroups ?? []), ...(fields.tags ?? []),
      ...(fields.contacts ?? []).map((c) => c.name),
    ]),
  };
}
