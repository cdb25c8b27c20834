import t from 'tap';
import { facetPipeline, itemsPipeline, listedAfter, mostAdoptedPipeline, queryWords, scoreExpression, searchFields, searchFilter, tokens } from '../../src/store/mongodb/solutions-search.js';
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

t.test('pipelines: newest first without text, score then newest with text; facets counted most frequent first', async (t) => {
  const plain = itemsPipeline({ limit: 5, offset: 10 });
  t.same(plain.map((s) => Object.keys(s)[0]), ['$match', '$sort', '$skip', '$limit']);
  t.same(plain[1], { $sort: { publishedAt: -1, _id: -1 } });
  t.same(plain.slice(2), [{ $skip: 10 }, { $limit: 5 }]);
  const ranked = itemsPipeline({ text: 'sms', limit: 5, offset: 0 });
  t.same(ranked.map((s) => Object.keys(s)[0]), ['$match', '$addFields', '$sort', '$skip', '$limit']);
  t.same(ranked[2], { $sort: { score: -1, publishedAt: -1, _id: -1 } });
  const score = scoreExpression(['sms', 'dag']);
  t.equal(score.$add.length, 6, 'title, summary and body for each word');
  t.same(score.$add.slice(0, 3).map((c: { $cond: unknown[] }) => c.$cond[1]), [10, 4, 1], 'weights as the SQLite BM25 columns');
  const facet = facetPipeline({ tag: ['x'], limit: 1, offset: 0 }, 'tag');
  t.same(facet.map((s) => Object.keys(s)[0]), ['$match', '$unwind', '$group', '$sort', '$limit', '$project']);
  t.notOk('facet_tag' in facet[0]!.$match, "the tag facet is counted without the tag filter");
  t.same(facet[3], { $sort: { count: -1, _id: 1 } });
  t.same(facet[4], { $limit: 100 });
});

t.test('indexes for solutions, adoptions and media mirror the SQLite uniqueness', async (t) => {
  const names = (c: string) => INDEXES[c]!.filter((i) => i.unique).map((i) => i.name);
  t.same(names(COLLECTIONS.solutions), ['solutions_uri']);
  t.same(names(COLLECTIONS.adoptions).sort(), ['adoptions_pair', 'adoptions_uri']);
  t.same(names(COLLECTIONS.media), ['media_file_name']);
  t.ok(INDEXES[COLLECTIONS.solutions]!.some((i) => i.name === 'solutions_search_tokens'));
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
