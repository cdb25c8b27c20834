import type { Document } from 'mongodb';
import { FACET_NAMES, facetValues, searchText, type FacetName, type SolutionQuery, type SolutionRecord } from '../port/solutions.js';
import { escapeRegex } from './queries.js';

/**
 * The catalogue search on MongoDB, as pure builders (unit-tested without a server). It keeps the
 * SQLite adapter's semantics rather than using a `$text` index, which has no prefix matching and
 * stems per language: each query word must be a prefix of some word of the solution (all words
 * required), case-folded, with no diacritics folding (æ, ø, å are letters of their own in Danish
 * and Norwegian, as in SQLite's `unicode61 remove_diacritics 0`). Ranking weighs title, summary
 * and body 10 : 4 : 1 per matched word, the rule SQLite's textScorer applies to its window too.
 */

/** The words a text is found by: letters and digits, lower-cased. */
export function tokens(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/** The query's words, at most 12, as SQLite's ftsQuery takes them. */
export function queryWords(text: string | undefined): string[] {
  return (text?.match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? []).map((w) => w.toLowerCase());
}

/** Derived search fields of a solution document (stored beside the record, indexed). */
export function searchFields(record: Pick<SolutionRecord, 'fields' | 'origin'>): Document {
  const text = searchText(record.fields);
  const title = tokens(text.title);
  const summary = tokens(text.summary);
  const body = tokens(text.body);
  const facets: Record<FacetName, string[]> = { sector: [], language: [], maturity: [], origin: [], tag: [] };
  for (const [facet, value] of facetValues(record)) facets[facet].push(value);
  return {
    titleTokens: title,
    summaryTokens: summary,
    bodyTokens: body,
    searchTokens: [...new Set([...title, ...summary, ...body])],
    ...Object.fromEntries(FACET_NAMES.map((f) => [`facet_${f}`, facets[f]])),
  };
}

const prefix = (word: string) => new RegExp(`^${escapeRegex(word)}`);

/** The filter for the matches, leaving out one facet's own filter (for that facet's counts). */
export function searchFilter(query: SolutionQuery, except?: FacetName): Document {
  const filter: Document = { deletedAt: null };
  const words = queryWords(query.text);
  if (words.length) filter.searchTokens = { $all: words.map(prefix) };
  for (const facet of FACET_NAMES) {
    if (facet === except) continue;
    const values = query[facet]?.filter(Boolean);
    if (values?.length) filter[`facet_${facet}`] = { $in: facet === 'tag' ? values.map((v) => v.toLowerCase()) : values };
  }
  return filter;
}

/** The score expression: for every query word, 10 if a title word starts with it, 4 summary, 1 body. */
export function scoreExpression(words: string[]): Document {
  const has = (field: string, word: string) => ({
    $anyElementTrue: [{ $map: { input: `$${field}`, as: 't', in: { $regexMatch: { input: '$$t', regex: `^${escapeRegex(word)}` } } } }],
  });
  return {
    $add: words.flatMap((w) => [
      { $cond: [has('titleTokens', w), 10, 0] },
      { $cond: [has('summaryTokens', w), 4, 0] },
      { $cond: [has('bodyTokens', w), 1, 0] },
    ]),
  };
}

/**
 * The page of matches. Without text: newest published first. With text: best score first, ties by
 * `_id` descending (ids are made when a solution is stored and are time-ordered, so that is "most
 * recently stored first", as SQLite's rowid). With `window` (more than `sample` matched) only the
 * window's matches (the `sample` greatest ids, `_id >= window.from`) are scored; the page then goes
 * on below the window in `_id` order, as the SQLite adapter's bm25 window does. `$sort` followed
 * by `$limit` keeps only that many documents in memory (MongoDB manual, "$sort + $limit
 * Coalescence"), so neither the window nor a page sorts every match.
 */
export function itemsPipeline(query: SolutionQuery, window?: { from: string; size: number }): Document[] {
  const words = queryWords(query.text);
  const filter = searchFilter(query);
  const page = [{ $skip: query.offset }, { $limit: query.limit }];
  if (!words.length) return [{ $match: filter }, { $sort: { publishedAt: -1, _id: -1 } }, ...page];
  const scored = [{ $addFields: { score: scoreExpression(words) } }, { $sort: { score: -1, _id: -1 } }];
  if (!window) return [{ $match: filter }, ...scored, ...page];
  return [{ $match: { ...filter, _id: { $gte: window.from } } }, { $sort: { _id: -1 } }, { $limit: window.size }, ...scored, ...page];
}

/** The matches below the window (text, more than `sample` matched), most recently stored first. */
export function belowWindowPipeline(query: SolutionQuery, from: string, skip: number, limit: number): Document[] {
  return [{ $match: { ...searchFilter(query), _id: { $lt: from } } }, { $sort: { _id: -1 } }, { $skip: skip }, { $limit: limit }];
}

/**
 * The `limit` most recently stored matches (greatest `_id`), leaving out one facet's own filter,
 * with just their ids and facet values: the sample the facets are counted over.
 */
export function samplePipeline(query: SolutionQuery, limit: number, except?: FacetName): Document[] {
  return [
    { $match: searchFilter(query, except) },
    { $sort: { _id: -1 } },
    { $limit: limit },
    { $project: Object.fromEntries([['_id', 1], ...FACET_NAMES.map((f) => [`facet_${f}`, 1])]) },
  ];
}

/** Facet counts of the sampled documents: most first, ties by value in byte order (as MongoDB's simple collation sorts), at most 100. */
export function countFacets(docs: Document[], facet: FacetName): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const d of docs) for (const v of new Set((d[`facet_${facet}`] as string[] | undefined) ?? [])) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count }))
    .sort((x, y) => y.count - x.count || Buffer.compare(Buffer.from(x.value), Buffer.from(y.value)))
    .slice(0, 100);
}

/** The key of one (facet, value) counter document. */
export const facetCountKey = (facet: FacetName, value: string) => JSON.stringify([facet, value]);

/**
 * The counter changes when a solution's indexed state goes from `before` to `after` (either may
 * be absent or deleted: not counted). Facet values are counted once per solution.
 */
export function facetCountDelta(
  before: Pick<SolutionRecord, 'fields' | 'origin' | 'deletedAt'> | null | undefined,
  after: Pick<SolutionRecord, 'fields' | 'origin' | 'deletedAt'> | null | undefined,
): Array<{ facet: FacetName; value: string; d: number }> {
  const delta = new Map<string, { facet: FacetName; value: string; d: number }>();
  const add = (r: typeof before, d: number) => {
    if (!r || r.deletedAt) return;
    const seen = new Set<string>();
    for (const [facet, value] of facetValues(r)) {
      const key = facetCountKey(facet, value);
      if (seen.has(key)) continue;
      seen.add(key);
      const e = delta.get(key) ?? { facet, value, d: 0 };
      e.d += d;
      delta.set(key, e);
    }
  };
  add(before, -1);
  add(after, 1);
  return [...delta.values()].filter((e) => e.d !== 0);
}

/**
 * The most adopted (the front page): adoptions counted per solution uri, then joined to the
 * solutions by uri (the unique solutions_uri index) with the deleted ones left out inside the
 * join, so `$limit` counts only solutions that are shown, as SQLite's JOIN ... LIMIT does; a
 * deleted solution high in the counts cannot shorten the list. The join carries only what the
 * sort needs; the records are read by id afterwards. Every adoption is read: there is no partial
 * index for `$ne`, and adoptions are few beside objects (at most one per agency and solution).
 * A negative `limit` is no limit, as SQLite's LIMIT (the repository answers 0 itself: `$limit` refuses it).
 */
export function mostAdoptedPipeline(limit: number, solutions: string): Document[] {
  return [
    { $match: { status: { $ne: 'abandoned' } } },
    { $group: { _id: '$solutionUri', adoptions: { $sum: 1 } } },
    { $lookup: { from: solutions, localField: '_id', foreignField: 'uri', pipeline: [{ $match: { deletedAt: null } }, { $project: { publishedAt: 1 } }], as: 's' } },
    { $unwind: '$s' },
    { $sort: { adoptions: -1, 's.publishedAt': -1, 's._id': -1 } },
    ...(limit > 0 ? [{ $limit: limit }] : []),
    { $project: { _id: 0, id: '$s._id', adoptions: 1 } },
  ];
}

/** One agency's solutions after `cursor` in the order publishedAt desc, _id desc (SQLite's row value comparison). */
export function listedAfter(cursor: Document): Document {
  return { $or: [{ publishedAt: { $lt: cursor.publishedAt } }, { publishedAt: cursor.publishedAt, _id: { $lt: cursor._id } }] };
}
