import t from 'tap';
import {
  belowWindowPipeline, countFacets, facetCountDelta, itemsPipeline, listedAfter, mostAdoptedPipeline, queryWords, samplePipeline, scoreExpression, searchFields, searchFilter, tokens,
} from '../../src/store/mongodb/solutions-search.js';
import { INDEXES, COLLECTIONS } from '../../src/store/mongodb/indexes.js';

// Builders only: these say which query the adapter sends, not that a server answers it (that is
// the contract suite's job when MONGODB_URI is set).

t.test('tokens and query words fold case but keep æ, ø, å', async (t) => {
  t.same(tokens('Sms-påmindelse FØR første samtale, samtale!'), ['sms', 'påmindelse', 'før', 'første', 'samtale']);
  t.same(queryWords('FÆRRE "; DROP TABLE'), ['færre', 'drop', 'table'], 'query syntax is just words');
  t.same(queryWords('***'), [], 'no words: no text filter');
  t.equal(queryWords(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ')).length, 12, 'at most 12 words, as SQLite');
});

t.test('derived fields: tokens per part, facets as arrays, tags lower-cased', async (t) => {
  const d = searchFields({
    origin: 'nav.test',
    fields: { title: 'Digital oppfølging', summary: 'Færre samtaler', problem: 'P', approach: 'A', language: 'nb', sectors: ['employment', 'digital'], tags: ['NAV'], maturity: 'pilot', translations: { en: { title: 'Digital follow-up' } } },
  });
  t.same(d.titleTokens, ['digital', 'oppfølging', 'follow', 'up']);
  t.same(d.summaryTokens, ['færre', 'samtaler']);
  t.ok(d.searchTokens.includes('samtaler') && d.searchTokens.includes('nav'));
  t.same(d.facet_language, ['nb', 'en']);
  t.same(d.facet_tag, ['nav']);
  t.same(d.facet_origin, ['nav.test']);
  t.same(d.facet_maturity, ['pilot']);
});

t.test('filter: deleted never match, every word a prefix, facets OR within and AND across, one facet left out for its counts', async (t) => {
  const q = { text: 'samt (a', maturity: ['pilot', 'in-use'], tag: ['JOBCENTER'], language: [], limit: 10, offset: 0 };
  const f = searchFilter(q);
  t.equal(f.deletedAt, null);
  const all = f.searchTokens.$all as RegExp[];
  t.same(all.map((r) => r.source), ['^samt', '^a'], 'anchored prefixes; ( is not a word');
  t.ok(all[0]!.test('samtale') && !all[0]!.test('ensamt'));
  t.same(f.facet_maturity, { $in: ['pilot', 'in-use'] });
  t.same(f.facet_tag, { $in: ['jobcenter'] });
  t.notOk('facet_language' in f, 'an empty facet filter is no filter');
  const forMaturity = searchFilter(q, 'maturity');
  t.notOk('facet_maturity' in forMaturity);
  t.ok('facet_tag' in forMaturity);
  t.same(searchFilter({ limit: 1, offset: 0 }), { deletedAt: null });
  const dotted = searchFilter({ text: 'a.b', limit: 1, offset: 0 }).searchTokens.$all as RegExp[];
  t.same(dotted.map((r) => r.source), ['^a', '^b']);
});

t.test('pipelines: newest first without text, score then most recently stored with text; a window of the newest matches past sample', async (t) => {
  const plain = itemsPipeline({ limit: 5, offset: 10 });
  t.same(plain.map((s) => Object.keys(s)[0]), ['$match', '$sort', '$skip', '$limit']);
  t.same(plain[1], { $sort: { publishedAt: -1, _id: -1 } });
  t.same(plain.slice(2), [{ $skip: 10 }, { $limit: 5 }]);
  const ranked = itemsPipeline({ text: 'sms', limit: 5, offset: 0 });
  t.same(ranked.map((s) => Object.keys(s)[0]), ['$match', '$addFields', '$sort', '$skip', '$limit']);
  t.same(ranked[2], { $sort: { score: -1, _id: -1 } }, 'ties: most recently stored first, as SQLite\'s rowid desc');
  const score = scoreExpression(['sms', 'dag']);
  t.equal(score.$add.length, 6, 'title, summary and body for each word');
  t.same(score.$add.slice(0, 3).map((c: { $cond: unknown[] }) => c.$cond[1]), [10, 4, 1], 'weights as the SQLite BM25 columns');

  const windowed = itemsPipeline({ text: 'sms', limit: 5, offset: 2 }, { from: '900', size: 1000 });
  t.same(windowed.map((s) => Object.keys(s)[0]), ['$match', '$sort', '$limit', '$addFields', '$sort', '$skip', '$limit']);
  t.same(windowed[0]!.$match._id, { $gte: '900' }, 'only the window is scored');
  t.same(windowed.slice(1, 3), [{ $sort: { _id: -1 } }, { $limit: 1000 }], 'the newest, bounded before scoring');
  const below = belowWindowPipeline({ text: 'sms', limit: 5, offset: 0 }, '900', 3, 4);
  t.same(below[0]!.$match._id, { $lt: '900' });
  t.same(below.slice(1), [{ $sort: { _id: -1 } }, { $skip: 3 }, { $limit: 4 }]);

  const sample = samplePipeline({ text: 'sms', tag: ['x'], limit: 1, offset: 0 }, 1000, 'tag');
  t.same(sample.map((s) => Object.keys(s)[0]), ['$match', '$sort', '$limit', '$project']);
  t.notOk('facet_tag' in sample[0]!.$match, 'the tag facet is sampled without the tag filter');
  t.same(sample.slice(1, 3), [{ $sort: { _id: -1 } }, { $limit: 1000 }], 'the newest matches only');
});

t.test('facet counts of a sample: each value once per solution, most first, ties in byte order', async (t) => {
  const docs = [{ facet_tag: ['b', 'a', 'a'] }, { facet_tag: ['b', 'å'] }, { facet_tag: ['z'] }, {}];
  t.same(countFacets(docs, 'tag'), [{ value: 'b', count: 2 }, { value: 'a', count: 1 }, { value: 'z', count: 1 }, { value: 'å', count: 1 }]);
});

t.test('counter deltas: what a change adds and takes away; deleted solutions are not counted', async (t) => {
  const r = (sectors: string[], deletedAt: string | null = null) => ({
    origin: 'a.test', deletedAt, fields: { title: 'T', summary: 'S', problem: 'P', approach: 'A', language: 'da', sectors, tags: ['X', 'x'] },
  });
  const key = (xs: Array<{ facet: string; value: string; d: number }>) => xs.map((e) => `${e.facet}:${e.value}:${e.d}`).sort();
  t.same(key(facetCountDelta(null, r(['health']))), ['language:da:1', 'origin:a.test:1', 'sector:health:1', 'tag:x:1'], 'a new solution; a tag in two cases counts once');
  t.same(key(facetCountDelta(r(['health']), r(['digital']))), ['sector:digital:1', 'sector:health:-1'], 'only what changed');
  t.same(key(facetCountDelta(r(['health']), r(['health'], '2026-01-01T00:00:00.000Z'))), ['language:da:-1', 'origin:a.test:-1', 'sector:health:-1', 'tag:x:-1'], 'deleted: uncounted');
  t.same(facetCountDelta(r(['health'], '2026-01-01T00:00:00.000Z'), r(['digital'], '2026-01-02T00:00:00.000Z')), [], 'deleted before and after: nothing');
});

t.test('indexes for solutions, adoptions and media mirror the SQLite uniqueness', async (t) => {
  const names = (c: string) => INDEXES[c]!.filter((i) => i.unique).map((i) => i.name);
  t.same(names(COLLECTIONS.solutions), ['solutions_uri']);
  t.same(names(COLLECTIONS.adoptions).sort(), ['adoptions_pair', 'adoptions_uri']);
  t.same(names(COLLECTIONS.media), ['media_file_name']);
  t.ok(INDEXES[COLLECTIONS.solutions]!.some((i) => i.name === 'solutions_search_tokens'));
  t.same(INDEXES[COLLECTIONS.solutionFacetCounts]!.map((i) => i.key), [{ facet: 1, n: -1, value: 1 }], 'the counters\' top values per facet');
});

t.test('most adopted: deleted solutions are dropped inside the join, before the limit; ties newest first', async (t) => {
  const p = mostAdoptedPipeline(5, COLLECTIONS.solutions);
  t.same(p.map((s) => Object.keys(s)[0]), ['$match', '$group', '$lookup', '$unwind', '$sort', '$limit', '$project']);
  t.same(p[0], { $match: { status: { $ne: 'abandoned' } } });
  t.same(p[2]!.$lookup.pipeline[0], { $match: { deletedAt: null } }, 'a deleted solution cannot take one of the places');
  t.same([p[2]!.$lookup.localField, p[2]!.$lookup.foreignField], ['_id', 'uri'], 'joined by uri (the unique solutions_uri index)');
  t.same(p[4], { $sort: { adoptions: -1, 's.publishedAt': -1, 's._id': -1 } });
  t.same(p[5], { $limit: 5 });
  t.notOk(mostAdoptedPipeline(-1, COLLECTIONS.solutions).some((s) => '$limit' in s), 'negative: no limit, as SQLite');
});

t.test("an agency's solutions page after the cursor's place, not by id alone", async (t) => {
  t.same(listedAfter({ _id: '9', publishedAt: '2026-01-05T00:00:00.000Z' }), {
    $or: [{ publishedAt: { $lt: '2026-01-05T00:00:00.000Z' } }, { publishedAt: '2026-01-05T00:00:00.000Z', _id: { $lt: '9' } }],
  });
  t.same(INDEXES[COLLECTIONS.solutions]!.find((i) => i.name === 'solutions_actor_published')?.key, { actorId: 1, deletedAt: 1, publishedAt: -1, _id: -1 });
});
