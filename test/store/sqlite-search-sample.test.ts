import t from 'tap';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { textScorer } from '../../src/store/sqlite/solutions.js';
import type { FacetCount, FacetName, SolutionQuery, SolutionRecord } from '../../src/store/port.js';
import { FACET_NAMES, facetValues, searchText } from '../../src/store/port/solutions.js';
import { newId } from '../../src/ids.js';
import { putActor } from './contract/fixtures.js';

/**
 * The SQLite search past its bounds, computed the slow way: the matches most recently stored
 * first, the `sample` newest of them ranked and facet-counted (each filtered facet over the
 * newest `sample` matches without its own filter), totals up to `countUpTo`, the rest of the
 * matches newest stored first. Any change to how the samples, counts or pages are read (one read
 * for two samples, a cheaper token count) must keep every answer equal to this.
 */
function expected(stored: SolutionRecord[], q: SolutionQuery, countUpTo: number, sample: number) {
  const words = (q.text?.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase());
  const newestFirst = stored.filter((r) => !r.deletedAt).reverse();
  const textOk = (r: SolutionRecord) => {
    const st = searchText(r.fields);
    const tokens = `${st.title} ${st.summary} ${st.body}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    return words.every((w) => tokens.some((x) => x.startsWith(w)));
  };
  const want = (f: FacetName) => q[f]?.map((v) => (f === 'tag' ? v.toLowerCase() : v));
  const matches = (except?: FacetName) => newestFirst.filter((r) => textOk(r) && FACET_NAMES.every((f) => {
    const values = want(f);
    return !values?.length || f === except || facetValues(r).some(([ff, v]) => ff === f && values.includes(v));
  }));
  const count = (rs: SolutionRecord[], f: FacetName): FacetCount[] => {
    const counts = new Map<string, number>();
    for (const r of rs) for (const [ff, v] of facetValues(r)) if (ff === f) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, count: n }))
      .sort((x, y) => y.count - x.count || Buffer.compare(Buffer.from(x.value), Buffer.from(y.value))).slice(0, 100);
  };
  const all = matches();
  const window = all.slice(0, sample);
  const facets = {} as Record<FacetName, FacetCount[]>;
  const facetsExact = {} as Record<FacetName, boolean>;
  for (const f of FACET_NAMES) {
    const own = want(f)?.length ? matches(f) : all;
    [facets[f], facetsExact[f]] = [count(own.slice(0, sample), f), own.length <= sample];
  }
  const score = textScorer(words);
  const ranked = window.map((r, i) => ({ r, i, s: score(searchText(r.fields)) })).sort((x, y) => y.s - x.s || x.i - y.i).map((x) => x.r);
  const order = [...ranked, ...all.slice(sample)];
  return {
    ids: order.slice(q.offset, q.offset + q.limit).map((r) => r.id),
    total: Math.min(all.length, countUpTo), totalExact: all.length <= countUpTo, facets, facetsExact,
  };
}

t.test('SQLite search with text past its bounds equals the newest matches ranked and counted the slow way', async (t) => {
  const store = await openSqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  const agencies = [await putActor(store, { type: 'Organization' }), await putActor(store, { domain: 'b.test', type: 'Organization' })];
  const WORDS = ['ventetid', 'sygedagpenge', 'samtale', 'botilbud'];
  const SECTORS = ['employment', 'health', 'digital'];
  const stored: SolutionRecord[] = [];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let i = 0; i < 70; i++) {
    const agency = agencies[rnd(2)]!;
    const origin = agency.domain ?? 'local.test';
    const w = WORDS[rnd(4)]!;
    const sectors = [...new Set([SECTORS[rnd(3)]!, ...(rnd(4) === 0 ? [SECTORS[rnd(3)]!] : [])])];
    const where = rnd(3);
    stored.push(await store.solutions.put({
      id: newId(), uri: `https://${origin}/solutions/${i}`, actorId: agency.id, authorId: null, local: !agency.domain, url: null, origin, revision: 1,
      // Published out of storage order: the sample follows storage, not publication.
      publishedAt: new Date(Date.UTC(2026, 0, 1 + rnd(60))).toISOString(), updatedAt: null, deletedAt: null, repliesCount: 0,
      fields: {
        title: where === 0 ? `Om ${w} ${i}` : `Løsning ${i}`, summary: where === 1 ? `Kortere ${w}` : 'Kort', problem: where === 2 ? `Mere ${w}` : 'P', approach: 'A',
        language: rnd(3) ? 'da' : 'nb', sectors, maturity: (['idea', 'pilot', 'in-use'] as const)[rnd(3)], tags: [`Tag${rnd(4)}`, ...(rnd(3) ? [] : ['Fælles emne'])],
      },
    }));
  }
  // Updates keep their place in storage order; deletes leave it.
  for (const i of [3, 17, 40]) stored[i] = (await store.solutions.update(stored[i]!.id, { fields: { ...stored[i]!.fields, sectors: ['health'], title: `Ny sygedagpenge ${i}` } }))!;
  for (const i of [5, 21, 60]) stored[i] = (await store.solutions.update(stored[i]!.id, { deletedAt: new Date().toISOString() }))!;

  const queries: Array<Omit<SolutionQuery, 'limit' | 'offset'>> = [
    { text: 'sygedagpenge' }, { text: 'løsning' }, { text: 'samtale kort' },
    { text: 'sygedagpenge', sector: ['employment'] }, { text: 'løsning', sector: ['health', 'digital'] }, { text: 'ventetid', sector: ['digital'] },
    { text: 'løsning', tag: ['TAG1', 'fælles emne'] }, { text: 'kort', origin: ['b.test'] }, { text: 'løsning', sector: ['employment'], language: ['nb'] },
    { text: 'sygedagpenge', sector: ['culture'] },
  ];
  // countUpTo is never below sample (SEARCH_BOUNDS; the API sets neither): below it the capped
  // count cannot tell whether the sample held every match.
  let compared = 0;
  for (const q of queries) {
    for (const [countUpTo, sample] of [[1000, 1000], [1000, 4], [6, 3], [12, 10], [10, 1]] as const) {
      for (const [limit, offset] of [[5, 0], [4, 3], [20, 0], [3, 30]] as const) {
        const got = await store.solutions.search({ ...q, limit, offset, countUpTo, sample });
        const want = expected(stored, { ...q, limit, offset }, countUpTo, sample);
        const label = `${JSON.stringify(q)} countUpTo ${countUpTo} sample ${sample} limit ${limit} offset ${offset}`;
        t.same({ ids: got.items.map((r) => r.id), total: got.total, totalExact: got.totalExact, facets: got.facets, facetsExact: got.facetsExact }, want, label);
        compared++;
      }
    }
  }
  t.equal(compared, queries.length * 20);
});
