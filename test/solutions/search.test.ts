import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { staffToken } from './fixtures.js';

async function publish(i: TestInstance, token: string, body: Record<string, unknown>) {
  const res = await i.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${token}` }, payload: body });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}

const search = async (i: TestInstance, qs: string) => {
  const res = await i.it.app.inject({ url: `/api/v1/solutions?${qs}` });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json();
};

t.test('search over local and federated solutions in Danish, Norwegian and English, ranked, paged, with facets', async (t) => {
  const dk = await testInstance(t, 'search-dk');
  const no = await testInstance(t, 'search-no');
  await followActor(no.it.fed, 'agency', `@agency@${dk.domain}`);
  const dkToken = await staffToken(dk.it.deps);
  const noToken = await staffToken(no.it.deps, 'kari');
  await eventually('NO follows DK', async () => (await dk.it.deps.store.follows.countFollowers((await dk.it.deps.store.actors.getByUsername('agency', null))!.id, 'accepted')) === 1);

  const sms = await publish(dk, dkToken, {
    title: 'Sms-påmindelse før første samtale', summary: 'Færre udeblivelser fra første samtale i jobcentret.', language: 'da',
    problem: 'Borgere udeblev fra samtaler.', approach: 'En sms dagen før.', sectors: ['employment'], maturity: 'in-use', tags: ['jobcenter'],
    translations: { en: { title: 'Text reminder before the first meeting', summary: 'Fewer no-shows at the first jobcentre meeting.' } },
  });
  await publish(dk, dkToken, {
    title: 'Vendeteknik uden lift', summary: 'En sygeplejerskes måde at vende patienter på uden lift.', language: 'da',
    problem: 'Liften var altid optaget.', approach: 'To personer og et glidestykke.', sectors: ['elder-care', 'health'], maturity: 'pilot', tags: ['ældrepleje'],
  });
  await publish(no, noToken, {
    title: 'Digital oppfølging av arbeidssøkere', summary: 'Veiledere følger opp digitalt mellom samtalene, så færre samtaler blir avlyst.', language: 'nb',
    problem: 'Mange samtaler ble avlyst.', approach: 'Korte digitale meldinger mellom samtalene.', sectors: ['employment', 'digital'], maturity: 'scaled', tags: ['nav'],
    translations: { en: { title: 'Digital follow-up of jobseekers', summary: 'Caseworkers follow up digitally between meetings.' } },
  });
  await publish(no, noToken, {
    title: 'Open data on waiting lists', summary: 'Publishing waiting times openly shortened them.', language: 'en',
    problem: 'Nobody knew the waiting times.', approach: 'A public digital dashboard, updated nightly.', sectors: ['health'], maturity: 'in-use', tags: ['opendata'],
  });
  await eventually('NO received both Danish solutions', async () => (await search(no, '')).total === 4);

  const all = await search(no, '');
  t.equal(all.total, 4, 'local and federated alike');
  t.equal(all.totalExact, true, 'a catalogue this small is counted exactly');
  t.same(all.facetsExact, { sector: true, language: true, maturity: true, origin: true, tag: true }, 'and so are its facets');
  t.same(all.facets.origin.map((f: any) => [f.value, f.count]).sort(), [[dk.domain, 2], [no.domain, 2]].sort());
  t.same(Object.fromEntries(all.facets.language.map((f: any) => [f.value, f.count])), { da: 2, en: 3, nb: 1 }, 'every language present counts');
  t.same(Object.fromEntries(all.facets.sector.map((f: any) => [f.value, f.count])), { employment: 2, digital: 1, health: 2, 'elder-care': 1 });
  t.same(Object.fromEntries(all.facets.maturity.map((f: any) => [f.value, f.count])), { 'in-use': 2, pilot: 1, scaled: 1 });

  // Danish words find the Danish solution on the Norwegian instance; a Norwegian word (prefix) finds both employment ones.
  const da = await search(no, 'q=udeblivelser');
  t.same(da.items.map((s: any) => s.uri), [sms.uri], 'Danish full text, federated');
  t.same((await search(no, 'q=samtale')).items.map((s: any) => s.language).sort(), ['da', 'nb'], 'samtale* matches samtale, samtalen and samtalene in both languages');
  t.same((await search(no, 'q=oppfølging')).items.map((s: any) => s.title), ['Digital oppfølging av arbeidssøkere'], 'Norwegian');
  t.same((await search(no, 'q=no-shows meeting')).items.map((s: any) => s.uri), [sms.uri], 'English translation text of a Danish solution');
  t.same((await search(no, 'q=waiting')).items.map((s: any) => s.title), ['Open data on waiting lists'], 'English');
  t.same((await search(no, 'q=ældrepleje')).items.map((s: any) => s.title), ['Vendeteknik uden lift'], 'æ is a letter, tags are searched');
  t.equal((await search(no, 'q=eldrepleje')).total, 0, 'and not folded to e');

  // Ranking: a title hit beats a body hit.
  const ranked = await search(no, 'q=digital');
  t.equal(ranked.items[0].title, 'Digital oppfølging av arbeidssøkere');
  t.equal(ranked.total, 2, 'a title hit and a body hit');

  // Filters and facet counts.
  const employment = await search(no, 'sector=employment');
  t.equal(employment.total, 2);
  t.same(Object.fromEntries(employment.facets.sector.map((f: any) => [f.value, f.count])), { employment: 2, digital: 1, health: 2, 'elder-care': 1 }, 'a facet\'s own filter does not narrow its counts');
  t.same(Object.fromEntries(employment.facets.origin.map((f: any) => [f.value, f.count])), { [dk.domain]: 1, [no.domain]: 1 });
  t.equal((await search(no, `origin=${dk.domain}&language=en`)).total, 1);
  t.equal((await search(no, 'maturity=in-use,scaled')).total, 3, 'several values of one facet: any of them');
  t.equal((await search(no, 'tag=JOBCENTER')).items[0].uri, sms.uri);
  t.equal((await search(no, 'q=samtale&language=da')).total, 1);

  // Paging.
  const p1 = await search(no, 'limit=3');
  const p2 = await search(no, 'limit=3&offset=3');
  t.equal(p1.items.length, 3);
  t.equal(p2.items.length, 1);
  t.equal(new Set([...p1.items, ...p2.items].map((s: any) => s.uri)).size, 4);
  const bad = await no.it.app.inject({ url: '/api/v1/solutions?limit=1000' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().errors[0].pointer, '/limit');

  // The Danish instance sees only its own two (it follows nobody).
  t.equal((await search(dk, '')).total, 2);
});
