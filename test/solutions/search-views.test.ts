import t from 'tap';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { searchSolutions, solutionView } from '../../src/domain/solutions/read.js';
import { Urls } from '../../src/urls.js';
import { newId } from '../../src/ids.js';
import { countingStore } from '../../src/store/counting.js';
import { putActor } from '../store/contract/fixtures.js';

// The API's catalogue reads the page's agencies and authors in one query; each item must be what
// the view answers when it looks every actor up by itself (the solution page's path).
t.test('a page of search results shows the same agencies and authors as each solution looked up alone', async (t) => {
  const store = await openSqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  const deps = { store, urls: new Urls({ domain: 'local.test', publicUrlScheme: 'https' }) };
  const local = await putActor(store, { type: 'Organization' });
  const remote = await putActor(store, { domain: 'b.test', type: 'Organization' });
  const [ann, bo] = [await putActor(store, { displayName: 'Ann' }), await putActor(store, { domain: 'b.test' })];
  // An author no actor row holds (authors are not a foreign key): no author in either view.
  const authors = [null, ann.id, bo.id, 'no-such-actor'];
  for (let i = 0; i < 12; i++) {
    const agency = i % 3 ? remote : local;
    const origin = agency.domain ?? 'local.test';
    await store.solutions.put({
      id: newId(), uri: `https://${origin}/solutions/${i}`, actorId: agency.id, authorId: authors[i % 4]!, local: !agency.domain, url: null, origin, revision: 1,
      publishedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), updatedAt: null, deletedAt: null, repliesCount: 0,
      fields: { title: `Løsning ${i}`, summary: 'S', problem: 'P', approach: 'A', language: 'da', sectors: ['health'] },
    });
  }
  for (const query of [{ limit: 20, offset: 0 }, { text: 'løsning', limit: 5, offset: 3 }, { text: 'løsning', sector: ['health'], limit: 20, offset: 0 }]) {
    const page = await searchSolutions(deps, query);
    const alone = await Promise.all((await store.solutions.search(query)).items.map((r) => solutionView(deps, r, { adoptions: false, adoptionsOf: [] })));
    t.ok(page.items.length > 0, `${JSON.stringify(query)} finds some`);
    t.same(page.items, alone, `${JSON.stringify(query)}: every item as solutionView answers it alone`);
    t.ok(page.items.some((s) => 'author' in s) && page.items.some((s) => !('author' in s)), 'with and without authors');
  }
  const { store: counted, counter } = countingStore(store);
  const calls = async (limit: number) => {
    counter.reset();
    await searchSolutions({ ...deps, store: counted }, { text: 'løsning', limit, offset: 0 });
    return [...counter.byMethod].map(([k, v]) => `${k}x${v}`).sort().join(' ');
  };
  t.equal(await calls(12), await calls(2), 'the same store calls for 2 and for 12 solutions');
  t.match(await calls(12), /actors\.getManyx1/, 'the actors in one read');
});
