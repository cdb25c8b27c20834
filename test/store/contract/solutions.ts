import type { ContractSuite } from './types.js';
import { newId } from '../../../src/ids.js';
import type { AdoptionRecord, SolutionRecord, Store } from '../../../src/store/port.js';
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
