import type { ContractSuite } from './types.js';
import { newId } from '../../../src/ids.js';
import type { AdoptionRecord, FacetCount, FacetName, SolutionQuery, SolutionRecord, Store } from '../../../src/store/port.js';
import { FACET_NAMES, facetValues, searchText } from '../../../src/store/port/solutions.js';
import type { SolutionFields } from '../../../src/domain/solutions/model.js';
import { putActor } from './fixtures.js';

function fields(over: Partial<SolutionFields> = {}): SolutionFields {
  return { title: 'T', summary: 'S', problem: 'P', approach: 'A', language: 'en', ...over };
}

async function solution(store: Store, actorId: string, n: number, over: Partial<SolutionRecord> = {}): Promise<SolutionRecord> {
  const id = newId();
  const origin = over.origin ?? 'local.test';
  return store.solutions.put({
    id, uri: `https://${origin}/solutions/${n}`, actorId, authorId: null, local: origin === 'local.test', url: `https://${origin}/solutions/${n}`, origin,
    revision: 1, publishedAt: new Date(Date.UTC(2026, 0, n)).toISOString(), updatedAt: null, deletedAt: null, repliesCount: 0, fields: fields(), ...over,
  });
}

let adoptionSeq = 0;
function adoption(solutionUri: string, adopterId: string, status: AdoptionRecord['status'], at: string): AdoptionRecord {
  const n = ++adoptionSeq;
  return {
    id: newId(), uri: `https://x.test/adoptions/${n}`, solutionUri, adopterId, local: false, revision: 1,
    status, note: '', language: null, results: [], startedAt: null, at, createdAt: at, history: [],
  };
}

/**
 * What a search must answer, computed the slow way from the records themselves: the words as
 * prefixes of the words of searchText, the facet values of facetValues, disjunctive facets.
 */
function naive(records: SolutionRecord[], q: SolutionQuery): { total: number; facets: Record<FacetName, FacetCount[]> } {
  const words = (q.text?.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase());
  const live = records.filter((r) => !r.deletedAt);
  const textOk = (r: SolutionRecord) => {
    const st = searchText(r.fields);
    const tokens = `${st.title} ${st.summary} ${st.body}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    return words.every((w) => tokens.some((x) => x.startsWith(w)));
  };
  const filterOk = (r: SolutionRecord, except?: FacetName) => FACET_NAMES.every((f) => {
    const want = q[f]?.map((v) => (f === 'tag' ? v.toLowerCase() : v));
    if (!want?.length || f === except) return true;
    return facetValues(r).some(([ff, v]) => ff === f && want.includes(v));
  });
  const facets = {} as Record<FacetName, FacetCount[]>;
  for (const f of FACET_NAMES) {
    const counts = new Map<string, number>();
    for (const r of live.filter((x) => textOk(x) && filterOk(x, f))) {
      for (const [ff, v] of facetValues(r)) if (ff === f) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    facets[f] = [...counts].map(([value, count]) => ({ value, count }))
      .sort((x, y) => y.count - x.count || Buffer.compare(Buffer.from(x.value), Buffer.from(y.value))).slice(0, 100);
  }
  return { total: live.filter((x) => textOk(x) && filterOk(x)).length, facets };
}

const feb = (day: number, hour = 0) => new Date(Date.UTC(2026, 1, day, hour)).toISOString();

/**
 * Two agencies (one local, one remote) and what the front page, /impact and /agencies read: s4
 * (deleted) and an unknown uri have the most adoptions, s7 only abandoned ones, s6 none; s1 and s5
 * tie, s5 published later. s8 arrives last (largest id) but was published first, as an outbox
 * read newest first delivers; s9 shares s5's publication time.
 */
async function catalogue(store: Store) {
  const local = await putActor(store, { type: 'Organization' });
  const remote = await putActor(store, { domain: 'b.test', type: 'Organization' });
  const adopters = [await putActor(store), ...await Promise.all(['c.test', 'd.test', 'e.test', 'f.test'].map((domain) => putActor(store, { domain, type: 'Organization' })))];
  const remoteSolution = (n: number, over: Partial<SolutionRecord> = {}) => solution(store, remote.id, n, { origin: 'b.test', local: false, ...over });
  const s1 = await solution(store, local.id, 1);
  const s2 = await solution(store, local.id, 2);
  const s3 = await remoteSolution(3);
  const s4 = await solution(store, local.id, 4);
  const s5 = await remoteSolution(5);
  const s6 = await solution(store, local.id, 6);
  const s7 = await solution(store, local.id, 7);
  const s8 = await remoteSolution(8, { publishedAt: new Date(Date.UTC(2025, 11, 1)).toISOString() });
  const s9 = await remoteSolution(9, { publishedAt: s5.publishedAt });
  const [a, b, c, d, e] = adopters.map((x) => x.id) as [string, string, string, string, string];
  const put = (...xs: AdoptionRecord[]) => Promise.all(xs.map((x) => store.solutions.putAdoption(x)));
  await put(
    adoption(s4.uri, a, 'in-use', feb(1)), adoption(s4.uri, b, 'in-use', feb(1)), adoption(s4.uri, c, 'planned', feb(1)), adoption(s4.uri, d, 'piloting', feb(1)),
    ...[a, b, c, d, e].map((x) => adoption('https://gone.test/solutions/1', x, 'in-use', feb(1))),
    adoption(s3.uri, a, 'planned', feb(2)), adoption(s3.uri, b, 'piloting', feb(3)), adoption(s3.uri, c, 'in-use', feb(4)), adoption(s3.uri, d, 'abandoned', feb(5)),
    adoption(s1.uri, a, 'in-use', feb(6)), adoption(s1.uri, b, 'planned', feb(7)), adoption(s1.uri, c, 'abandoned', feb(8)), adoption(s1.uri, d, 'abandoned', feb(9)),
    adoption(s5.uri, c, 'piloting', feb(10)), adoption(s5.uri, e, 'planned', feb(10)),
    adoption(s2.uri, e, 'in-use', feb(11)),
    adoption(s7.uri, a, 'abandoned', feb(12)), adoption(s7.uri, b, 'abandoned', feb(12)), adoption(s7.uri, c, 'abandoned', feb(12)),
  );
  await store.solutions.update(s4.id, { deletedAt: feb(20) });
  return { local, remote, adopters: { a, b, c, d, e }, s: { s1, s2, s3, s4, s5, s6, s7, s8, s9 } };
}

const suite: ContractSuite = (t, fresh) => {
  t.test('solutions: put/get round trip, unique uri, update re-indexes, revisions keep the first of a number', async (t) => {
    const store = await fresh();
    const a = await putActor(store);
    const s = await solution(store, a.id, 1, { fields: fields({ title: 'Sms-påmindelse', results: [{ metric: 'no-shows', value: 11, baseline: 18, unit: '%' }], translations: { nb: { title: 'SMS-påminnelse' } } }) });
    t.same(await store.solutions.getById(s.id), s);
    t.same(await store.solutions.getByUri(s.uri), s);
    await t.rejects(solution(store, a.id, 1), { name: 'StoreConflict' });
    const u = await store.solutions.update(s.id, { fields: fields({ title: 'Changed' }), revision: 2, updatedAt: new Date().toISOString() });
    t.equal(u?.fields.title, 'Changed');
    t.equal(u?.revision, 2);
    t.equal(await store.solutions.update('nope', { revision: 3 }), undefined);
    await store.solutions.addRevision({ solutionId: s.id, revision: 1, at: '2026-01-01T00:00:00.000Z', fields: s.fields });
    await store.solutions.addRevision({ solutionId: s.id, revision: 2, at: '2026-01-02T00:00:00.000Z', fields: u!.fields });
    await store.solutions.addRevision({ solutionId: s.id, revision: 2, at: '2026-01-03T00:00:00.000Z', fields: fields({ title: 'dup' }) });
    const revs = await store.solutions.listRevisions(s.id);
    t.same(revs.map((r) => [r.revision, r.fields.title]), [[1, 'Sms-påmindelse'], [2, 'Changed']]);
    await store.solutions.addReplies(s.id, 2);
    await store.solutions.addReplies(s.id, -5);
    t.equal((await store.solutions.getById(s.id))?.repliesCount, 0, 'never below zero');
  });

  t.test('solutions: listByAuthor lists local ones by that author; the author can be released', async (t) => {
    const store = await fresh();
    const agency = await putActor(store);
    const author = await putActor(store);
    const other = await putActor(store);
    const s1 = await solution(store, agency.id, 1, { authorId: author.id });
    const s2 = await solution(store, agency.id, 2, { authorId: author.id, deletedAt: '2026-02-01T00:00:00.000Z' });
    await solution(store, agency.id, 3, { authorId: other.id });
    await solution(store, agency.id, 4, { authorId: author.id, origin: 'remote.test' });
    t.same((await store.solutions.listByAuthor(author.id)).map((s) => s.id), [s1.id, s2.id], 'local only, deleted included, oldest first');
    t.equal((await store.solutions.update(s1.id, { authorId: null }))?.authorId, null);
    t.same((await store.solutions.listByAuthor(author.id)).map((s) => s.id), [s2.id]);
    t.same(await store.solutions.listByAuthor('nobody'), []);
  });

  t.test('solutions: search by text in several languages, prefixes, filters, disjunctive facets, paging, deleted excluded', async (t) => {
    const store = await fresh();
    const a = await putActor(store);
    await solution(store, a.id, 1, { fields: fields({ title: 'Sms-påmindelse før første samtale', summary: 'Færre udeblivelser', language: 'da', sectors: ['employment'], tags: ['Jobcenter'], maturity: 'in-use' }) });
    await solution(store, a.id, 2, { origin: 'nav.test', local: false, fields: fields({ title: 'Digital oppfølging', summary: 'Færre samtaler som uteblir', language: 'nb', sectors: ['employment', 'digital'], tags: ['nav'], maturity: 'pilot', translations: { en: { title: 'Digital follow-up', summary: 'Fewer missed meetings' } } }) });
    const gone = await solution(store, a.id, 3, { fields: fields({ title: 'Samtale om ældrepleje', language: 'da', sectors: ['elder-care'], maturity: 'idea' }) });
    await store.solutions.update(gone.id, { deletedAt: new Date().toISOString() });

    const all = await store.solutions.search({ limit: 10, offset: 0 });
    t.equal(all.total, 2, 'deleted solutions never match');
    t.same(all.items.map((s) => s.fields.language), ['nb', 'da'], 'newest first without text');
    t.same(all.facets.language, [{ value: 'da', count: 1 }, { value: 'en', count: 1 }, { value: 'nb', count: 1 }]);
    t.same(all.facets.sector, [{ value: 'employment', count: 2 }, { value: 'digital', count: 1 }]);
    t.same(all.facets.origin.map((f) => f.value).sort(), ['local.test', 'nav.test']);

    t.same((await store.solutions.search({ text: 'samtale', limit: 10, offset: 0 })).total, 2, 'prefix: samtale finds samtale and samtaler');
    t.same((await store.solutions.search({ text: 'missed meetings', limit: 10, offset: 0 })).items.map((s) => s.origin), ['nav.test'], 'translations are searched');
    t.same((await store.solutions.search({ text: 'FÆRRE', limit: 10, offset: 0 })).total, 2, 'case-folded, æ kept');
    t.same((await store.solutions.search({ text: 'ældrepleje', limit: 10, offset: 0 })).total, 0);
    t.same((await store.solutions.search({ text: '"; DROP TABLE', limit: 10, offset: 0 })).total, 0, 'query syntax is not passed through');
    t.same((await store.solutions.search({ text: '***', limit: 10, offset: 0 })).total, 2, 'no words: no text filter');

    const nb = await store.solutions.search({ language: ['nb'], limit: 10, offset: 0 });
    t.equal(nb.total, 1);
    t.same(nb.facets.language.map((f) => f.value), ['da', 'en', 'nb'], 'a facet is counted without its own filter');
    t.same(nb.facets.sector, [{ value: 'digital', count: 1 }, { value: 'employment', count: 1 }], 'other facets are counted with it');
    t.equal((await store.solutions.search({ tag: ['JOBCENTER'], limit: 10, offset: 0 })).total, 1, 'tags ignore case');
    t.equal((await store.solutions.search({ maturity: ['pilot', 'in-use'], limit: 10, offset: 0 })).total, 2, 'values of one facet are OR-ed');
    t.equal((await store.solutions.search({ maturity: ['pilot'], origin: ['local.test'], limit: 10, offset: 0 })).total, 0, 'facets are AND-ed');
    const page2 = await store.solutions.search({ limit: 1, offset: 1 });
    t.equal(page2.total, 2);
    t.same(page2.items.map((s) => s.fields.language), ['da']);
  });

  t.test('search: totals and facet counts equal a naive count (text, text + filter, filters, browse), also after updates and deletes', async (t) => {
    const store = await fresh();
    const a = await putActor(store, { type: 'Organization' });
    const b = await putActor(store, { domain: 'b.test', type: 'Organization' });
    const SECTORS = ['employment', 'health', 'digital', 'elder-care'];
    const WORDS = ['ventetid', 'sygedagpenge', 'samtale', 'botilbud', 'skole'];
    const records: SolutionRecord[] = [];
    for (let i = 1; i <= 40; i++) {
      const w = WORDS[i % WORDS.length]!;
      const sectors = [SECTORS[i % 4]!, ...(i % 7 === 0 ? [SECTORS[(i + 1) % 4]!] : [])];
      const over = i % 3 === 0 ? { origin: i % 2 ? 'b.test' : 'c.example:8443', local: false } : {};
      records.push(await solution(store, i % 3 === 0 ? b.id : a.id, i, {
        ...over,
        fields: fields({
          title: `Løsning ${i} om ${w}`, summary: i % 2 ? `Færre ${WORDS[(i + 2) % 5]} ` : 'Kortere ventetid', language: i % 5 === 0 ? 'nb' : 'da',
          sectors, maturity: (['idea', 'pilot', 'in-use'] as const)[i % 3], tags: [`Tag${i % 6}`, ...(i % 4 ? [] : ['Fælles emne'])],
          ...(i % 8 === 0 ? { translations: { en: { title: `Solution ${i} on waiting times`, summary: 'Shorter waits' } } } : {}),
        }),
      }));
    }
    const queries: Array<Omit<SolutionQuery, 'limit' | 'offset'>> = [
      {}, { text: 'sygedagpenge' }, { text: 'ventetid' }, { text: 'løsning' }, { text: 'vente løs' }, { text: 'waiting' }, { text: 'nothing-matches-this' },
      { text: 'ventetid', sector: ['employment'] }, { text: 'løsning', sector: ['health', 'digital'], language: ['da'] },
      { sector: ['employment'] }, { tag: ['TAG1', 'fælles emne'] }, { origin: ['c.example:8443'], maturity: ['pilot', 'idea'] }, { language: ['en'] },
    ];
    const check = async (label: string) => {
      for (const q of queries) {
        const got = await store.solutions.search({ ...q, limit: 100, offset: 0 });
        const want = naive(records, { ...q, limit: 100, offset: 0 });
        t.equal(got.total, want.total, `${label}: total of ${JSON.stringify(q)}`);
        t.ok(got.totalExact, `${label}: exact total`);
        t.same(got.facets, want.facets, `${label}: facets of ${JSON.stringify(q)}`);
        t.same(got.facetsExact, Object.fromEntries(FACET_NAMES.map((f) => [f, true])), `${label}: exact facets`);
        t.equal(got.items.length, want.total, `${label}: every match listed`);
      }
    };
    await check('as written');
    const replace = async (i: number, patch: Parameters<Store['solutions']['update']>[1]) => {
      const r = (await store.solutions.update(records[i]!.id, patch))!;
      records[i] = r;
    };
    await replace(0, { fields: fields({ title: 'Omskrevet sygedagpenge', summary: 'Nyt', sectors: ['culture'], tags: ['Ny'], language: 'sv' }) });
    await replace(1, { fields: fields({ ...records[1]!.fields, sectors: [] }) });
    await replace(2, { deletedAt: feb(3) });
    await replace(3, { deletedAt: feb(3) });
    await replace(3, { deletedAt: null });
    await check('after updates, a delete and an undelete');
    t.equal(await store.solutions.deleteAllOf(b.id), records.filter((r) => r.actorId === b.id).length);
    records.splice(0, records.length, ...records.filter((r) => r.actorId !== b.id));
    await check('after an agency\'s solutions went');
    t.notOk((await store.solutions.search({ limit: 10, offset: 0 })).facets.origin.some((f) => f.value === 'b.test'), 'no counter row stays at zero');
  });

  t.test('search: a word is a prefix whether it begins one word, several or very many, in any case and script', async (t) => {
    const store = await fresh();
    const a = await putActor(store);
    const titles = [
      ...Array.from({ length: 12 }, (_, i) => `Samtale${String.fromCharCode(97 + i)} med borgeren`), 'Samtalen', 'Samtaler', 'Samtale',
      'Δοκιμή στο γραφείο', 'ΔΟΚΙΜΑΣΤΙΚΟ πρόγραμμα', 'İstanbul ofisi', 'Ærø og Åbenrå', 'Strasse', 'x1y2',
    ];
    for (const [i, title] of titles.entries()) await solution(store, a.id, i + 1, { fields: fields({ title, summary: 'S' }) });
    const total = async (text: string) => (await store.solutions.search({ text, limit: 100, offset: 0 })).total;
    t.equal(await total('samtale'), 15, 'a word beginning fifteen words');
    t.equal(await total('SAMTALEN'), 1);
    t.equal(await total('samtaler'), 1);
    t.equal(await total('samtalea borgeren'), 1, 'two words, each a prefix');
    t.equal(await total('δοκ'), 2, 'Greek, either case');
    t.equal(await total('ΔΟΚΙΜΉ'), 1);
    t.equal(await total('ærø'), 1);
    t.equal(await total('ÅBEN'), 1);
    t.equal(await total('x1'), 1);
    t.equal(await total('samtalez'), 0, 'a prefix of nothing');
    await solution(store, a.id, 40, { fields: fields({ title: 'Samtalezone' }) });
    t.equal(await total('samtalez'), 1, 'a word that began nothing finds what came since');
    t.equal(await total('samtale'), 16);
    const later = await solution(store, a.id, 41, { fields: fields({ title: 'Nyord' }) });
    t.equal(await total('nyor'), 1);
    await store.solutions.update(later.id, { fields: fields({ title: 'Andetord' }) });
    t.equal(await total('nyor'), 0, 'an update takes its words away');
    t.equal(await total('andet'), 1, 'and brings its new ones');
  });

  t.test('search: past countUpTo the total is a lower bound; past sample the newest matches are ranked and counted, then the rest newest first', async (t) => {
    const store = await fresh();
    const a = await putActor(store);
    const made: SolutionRecord[] = [];
    // Stored in this order: m5 is the most recent. m2 and m4 have the word in the title, the others only in the body.
    for (let i = 1; i <= 5; i++) {
      const inTitle = i === 2 || i === 4;
      made.push(await solution(store, a.id, i, {
        fields: fields({ title: inTitle ? `Fremmøde ${i}` : `Løsning ${i}`, summary: 'S', problem: inTitle ? 'P' : 'Mere fremmøde', sectors: [i % 2 ? 'health' : 'employment'], tags: [`t${i}`] }),
      }));
    }
    await solution(store, a.id, 6, { fields: fields({ title: 'Uden ordet', sectors: ['health'] }) });
    const [m1, m2, m3, m4, m5] = made.map((m) => m.id) as [string, string, string, string, string];
    const q = { text: 'fremmøde', countUpTo: 3, sample: 3 };

    const capped = await store.solutions.search({ ...q, limit: 10, offset: 0 });
    t.equal(capped.total, 3);
    t.equal(capped.totalExact, false, 'more matched than were counted');
    t.same(capped.items.map((s) => s.id), [m4, m5, m3, m2, m1], 'the best of the three newest (m4: the title), then m5 and m3; then the rest newest first');
    t.same(capped.facetsExact, Object.fromEntries(FACET_NAMES.map((f) => [f, false])));
    t.same(capped.facets.sector, [{ value: 'health', count: 2 }, { value: 'employment', count: 1 }], 'counted over the three newest matches (m3, m4, m5)');
    t.same(capped.facets.tag.map((f) => f.value).sort(), ['t3', 't4', 't5'], 'values outside the sample are not shown');

    const pages: string[] = [];
    for (let offset = 0; offset < 6; offset += 2) pages.push(...(await store.solutions.search({ ...q, limit: 2, offset })).items.map((s) => s.id));
    t.same(pages, [m4, m5, m3, m2, m1], 'pages across the window meet every match once, in the same order');

    const exact = await store.solutions.search({ text: 'fremmøde', countUpTo: 5, sample: 5, limit: 10, offset: 0 });
    t.equal(exact.total, 5);
    t.ok(exact.totalExact, 'exactly countUpTo matches is an exact total');
    t.same(exact.items.slice(0, 2).map((s) => s.id).sort(), [m2, m4].sort(), 'every match ranked: both title matches first');
    t.same(exact.facets.sector, [{ value: 'health', count: 3 }, { value: 'employment', count: 2 }]);
    t.ok(exact.facetsExact.sector);

    const filtered = await store.solutions.search({ text: 'fremmøde', sector: ['health'], countUpTo: 10, sample: 2, limit: 10, offset: 0 });
    t.equal(filtered.total, 3);
    t.ok(filtered.totalExact);
    t.equal(filtered.facetsExact.tag, false, 'three matches, two counted');
    t.same(filtered.facets.tag.map((f) => f.value).sort(), ['t3', 't5']);
    t.equal(filtered.facetsExact.sector, false, 'the sector facet is counted over the five text matches, without its own filter');
    t.same(filtered.facets.sector, [{ value: 'employment', count: 1 }, { value: 'health', count: 1 }], 'over m4 and m5');

    const browse = await store.solutions.search({ countUpTo: 1, sample: 1, limit: 10, offset: 0 });
    t.equal(browse.total, 6, 'browse is always exact');
    t.ok(browse.totalExact);
    t.same(browse.facets.sector, [{ value: 'health', count: 4 }, { value: 'employment', count: 2 }]);
    t.ok(Object.values(browse.facetsExact).every(Boolean));
    const sectorOnly = await store.solutions.search({ sector: ['employment'], countUpTo: 1, sample: 1, limit: 10, offset: 0 });
    t.same(sectorOnly.facets.sector, [{ value: 'health', count: 4 }, { value: 'employment', count: 2 }], 'its own facet from the counters, exact');
    t.ok(sectorOnly.facetsExact.sector);
    t.same([sectorOnly.total, sectorOnly.totalExact], [2, true], 'one value of one facet: the total from its counter, exact');
    t.same(sectorOnly.items.map((s) => s.id), [m4, m2], 'without text, newest published first');
    const twoFilters = await store.solutions.search({ sector: ['employment'], tag: ['t2', 't4'], countUpTo: 1, sample: 1, limit: 10, offset: 0 });
    t.same([twoFilters.total, twoFilters.totalExact], [1, false], 'two filters: counted, up to countUpTo');
    t.same(twoFilters.items.map((s) => s.id), [m4, m2], 'the page is whole, newest published first');
    t.same(twoFilters.facets.tag, [{ value: 't4', count: 1 }], 'the tag facet over one of the sector\'s two');
    t.equal(twoFilters.facetsExact.tag, false);
  });

  t.test('adoptions: one per (solution, adopter), update keeps history, listed newest first', async (t) => {
    const store = await fresh();
    const a = await putActor(store);
    const b = await putActor(store, { domain: 'b.test' });
    const c = await putActor(store, { domain: 'c.test' });
    const base = (adopterId: string, n: number, at: string): AdoptionRecord => ({
      id: newId(), uri: `https://x.test/adoptions/${n}`, solutionUri: 'https://local.test/solutions/1', adopterId, local: false, revision: 1,
      status: 'planned', note: 'vi prøver', language: 'nb', results: [], startedAt: null, at, createdAt: at, history: [],
    });
    const ab = await store.solutions.putAdoption(base(b.id, 1, '2026-01-01T00:00:00.000Z'));
    await store.solutions.putAdoption(base(c.id, 2, '2026-01-02T00:00:00.000Z'));
    await t.rejects(store.solutions.putAdoption(base(b.id, 3, '2026-01-03T00:00:00.000Z')), { name: 'StoreConflict' }, 'one per pair');
    const { id: _i, uri: _u, solutionUri: _s, adopterId: _a, local: _l, createdAt: _c, history: _h, ...state } = ab;
    const updated = await store.solutions.updateAdoption(ab.id, {
      revision: 2, status: 'piloting', results: [{ metric: 'x', value: 1 }], at: '2026-02-01T00:00:00.000Z', history: [state],
    });
    t.equal(updated?.status, 'piloting');
    t.same(updated?.history.map((h) => h.status), ['planned']);
    t.same((await store.solutions.getAdoption('https://local.test/solutions/1', b.id))?.results, [{ metric: 'x', value: 1 }]);
    t.equal((await store.solutions.getAdoptionByUri('https://x.test/adoptions/2'))?.adopterId, c.id);
    t.same((await store.solutions.listAdoptions('https://local.test/solutions/1')).map((x) => x.adopterId), [b.id, c.id]);
    t.same(await store.solutions.listAdoptions('https://other.test/x'), []);
  });

  t.test('mostAdopted: counts all but abandoned, most first, ties newest first; deleted and unknown solutions never take a place', async (t) => {
    const store = await fresh();
    const { adopters, s } = await catalogue(store);
    const top = await store.solutions.mostAdopted(10);
    t.same(top.map((x) => [x.solution.uri, x.adoptions]), [[s.s3.uri, 3], [s.s5.uri, 2], [s.s1.uri, 2], [s.s2.uri, 1]],
      'no s4 (deleted), no gone.test (not held), no s7 (only abandoned), no s6 (none)');
    t.same(top[1]!.solution, s.s5, 'the whole record, remote as stored');
    t.same((await store.solutions.mostAdopted(2)).map((x) => x.solution.id), [s.s3.id, s.s5.id], 'the limit counts only what is shown');
    t.same(await store.solutions.mostAdopted(0), []);
    for (const adopter of [adopters.b, adopters.c]) {
      await store.solutions.updateAdoption((await store.solutions.getAdoption(s.s3.uri, adopter))!.id, { status: 'abandoned', at: feb(21) });
    }
    t.same((await store.solutions.mostAdopted(3)).map((x) => [x.solution.id, x.adoptions]), [[s.s5.id, 2], [s.s1.id, 2], [s.s3.id, 1]],
      'abandoning lowers the count; s3 and s2 tie at one, s3 published later');
    t.same(await (await fresh()).solutions.mostAdopted(5), [], 'an empty catalogue');
  });

  t.test('listByActor: one agency, not deleted, newest published first; beforeId continues in that order', async (t) => {
    const store = await fresh();
    const { local, remote, s } = await catalogue(store);
    const ids = (xs: SolutionRecord[]) => xs.map((x) => x.id);
    t.same(ids(await store.solutions.listByActor(local.id, { limit: 10 })), [s.s7.id, s.s6.id, s.s2.id, s.s1.id], 'local agency: no s4 (deleted), no remote ones');
    const first = await store.solutions.listByActor(local.id, { limit: 2 });
    t.same(ids(first), [s.s7.id, s.s6.id]);
    t.same(first[0], s.s7, 'whole records');
    t.same(ids(await store.solutions.listByActor(local.id, { limit: 2, beforeId: s.s6.id })), [s.s2.id, s.s1.id]);
    t.same(ids(await store.solutions.listByActor(local.id, { limit: 2, beforeId: s.s1.id })), []);
    t.same(ids(await store.solutions.listByActor(local.id, { limit: 2, beforeId: s.s4.id })), [s.s2.id, s.s1.id], 'a deleted solution still holds its place as a cursor');

    t.same(ids(await store.solutions.listByActor(remote.id, { limit: 10 })), [s.s9.id, s.s5.id, s.s3.id, s.s8.id], 'remote agency: by publication, not arrival; a tie by id desc');
    const pages: string[][] = [];
    let beforeId: string | undefined;
    for (;;) {
      const page = await store.solutions.listByActor(remote.id, { limit: 1, ...(beforeId !== undefined ? { beforeId } : {}) });
      if (!page.length || pages.length > 5) break;
      pages.push(ids(page));
      beforeId = page[page.length - 1]!.id;
    }
    t.same(pages, [[s.s9.id], [s.s5.id], [s.s3.id], [s.s8.id]], 'paging one at a time meets each once, across the tie and the late arrival');
    t.same(await store.solutions.listByActor(remote.id, { limit: 10, beforeId: '1' }), [], 'an unknown cursor');
    t.same(await store.solutions.listByActor('nobody', { limit: 10 }), []);
  });

  t.test('listAdoptionsByAdopter and listAdoptionsOf: every status, most recently changed first', async (t) => {
    const store = await fresh();
    const { adopters, s } = await catalogue(store);
    const of = (xs: AdoptionRecord[]) => xs.map((x) => [x.solutionUri, x.status]);
    t.same(of(await store.solutions.listAdoptionsByAdopter(adopters.c, 10)), [
      [s.s7.uri, 'abandoned'], [s.s5.uri, 'piloting'], [s.s1.uri, 'abandoned'], [s.s3.uri, 'in-use'], ['https://gone.test/solutions/1', 'in-use'], [s.s4.uri, 'planned'],
    ], 'abandoned ones and those of deleted or unknown solutions included');
    const first = (await store.solutions.listAdoptionsByAdopter(adopters.c, 10)).at(-1)!;
    t.same(first, await store.solutions.getAdoption(s.s4.uri, adopters.c), 'whole records');
    // gone.test and s4 share one `at` for c: the later id first.
    const [gone, s4] = (await store.solutions.listAdoptionsByAdopter(adopters.c, 10)).slice(-2);
    t.ok(gone!.id > s4!.id, 'a tie in at by id desc');
    t.same(of(await store.solutions.listAdoptionsByAdopter(adopters.c, 2)), [[s.s7.uri, 'abandoned'], [s.s5.uri, 'piloting']], 'limit');
    await store.solutions.updateAdoption((await store.solutions.getAdoption(s.s4.uri, adopters.c))!.id, { status: 'in-use', at: feb(25) });
    t.same(of(await store.solutions.listAdoptionsByAdopter(adopters.c, 1)), [[s.s4.uri, 'in-use']], 'a change moves it first');
    t.same(await store.solutions.listAdoptionsByAdopter('nobody', 10), []);

    const ats = (xs: AdoptionRecord[]) => xs.map((x) => [x.solutionUri, x.at]);
    t.same(ats(await store.solutions.listAdoptionsOf([s.s1.uri, s.s3.uri, s.s1.uri, 'https://nowhere.test/x'])), [
      [s.s1.uri, feb(9)], [s.s1.uri, feb(8)], [s.s1.uri, feb(7)], [s.s1.uri, feb(6)], [s.s3.uri, feb(5)], [s.s3.uri, feb(4)], [s.s3.uri, feb(3)], [s.s3.uri, feb(2)],
    ], 'both solutions merged by at, abandoned included, duplicates and unknown uris harmless');
    const tie = await store.solutions.listAdoptionsOf([s.s5.uri]);
    t.equal(tie.length, 2);
    t.ok(tie[0]!.id > tie[1]!.id, 'a tie in at by id desc');
    t.same(await store.solutions.listAdoptionsOf([]), []);
    const many = [...Array.from({ length: 40_000 }, (_, i) => `https://many.test/solutions/${i}`), s.s2.uri];
    t.same(ats(await store.solutions.listAdoptionsOf(many)), [[s.s2.uri, feb(11)]], 'more uris than SQLite takes variables');
  });

  t.test('deleteAllOf: an actor\'s solutions leave search, its adoptions go, others stay', async (t) => {
    const store = await fresh();
    const a = await putActor(store);
    const b = await putActor(store, { domain: 'b.test' });
    await solution(store, a.id, 1, { fields: fields({ title: 'kept', tags: ['x'] }) });
    const gone = await solution(store, b.id, 2, { origin: 'b.test', local: false, fields: fields({ title: 'removed', tags: ['x'] }) });
    await store.solutions.addRevision({ solutionId: gone.id, revision: 1, at: gone.publishedAt, fields: gone.fields });
    await store.solutions.putAdoption({
      id: newId(), uri: 'https://b.test/adoptions/1', solutionUri: 'https://local.test/solutions/1', adopterId: b.id, local: false, revision: 1,
      status: 'planned', note: '', language: null, results: [], startedAt: null, at: gone.publishedAt, createdAt: gone.publishedAt, history: [],
    });
    t.equal(await store.solutions.deleteAllOf(b.id), 1);
    t.equal(await store.solutions.getById(gone.id), undefined);
    t.same(await store.solutions.listRevisions(gone.id), []);
    t.same(await store.solutions.listAdoptions('https://local.test/solutions/1'), []);
    const left = await store.solutions.search({ text: 'removed', limit: 10, offset: 0 });
    t.equal(left.total, 0);
    t.same((await store.solutions.search({ tag: ['x'], limit: 10, offset: 0 })).items.map((s) => s.fields.title), ['kept']);
  });

  t.test('replies: public, not deleted objects in reply to the solution, oldest first', async (t) => {
    const store = await fresh();
    const a = await putActor(store);
    const target = 'https://local.test/solutions/1';
    const obj = (n: number, extra: object = {}) => ({
      id: newId(), uri: `https://r.test/notes/${n}`, type: 'Note', actorId: a.id, local: false, url: null, inReplyToUri: target, visibility: 'public' as const,
      language: 'en', publishedAt: new Date(Date.UTC(2026, 0, n)).toISOString(), updatedAt: null, deletedAt: null, data: { id: `https://r.test/notes/${n}` }, ...extra,
    });
    await store.objects.put(obj(2));
    await store.objects.put(obj(1));
    await store.objects.put(obj(3, { visibility: 'direct' }));
    await store.objects.put(obj(4, { deletedAt: new Date().toISOString() }));
    await store.objects.put(obj(5, { inReplyToUri: 'https://elsewhere.test/x' }));
    t.same((await store.solutions.listReplies(target, 10)).map((o) => o.uri), ['https://r.test/notes/1', 'https://r.test/notes/2']);
  });
};
export default suite;
