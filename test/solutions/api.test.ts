import t from 'tap';
import { makeApp } from '../helpers/app.js';
import { fullSolution, staffToken } from './fixtures.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

t.test('POST /api/v1/solutions: a good body is published with every field and server-set fields', async (t) => {
  const { app, deps } = await makeApp(t);
  const token = await staffToken(deps);
  const res = await app.inject({ method: 'POST', url: '/api/v1/solutions', headers: auth(token), payload: fullSolution() });
  t.equal(res.statusCode, 201, res.body);
  const s = res.json();
  t.match(s, { title: 'Sms-påmindelse før første samtale', language: 'da', revision: 1, local: true, origin: deps.urls.host, updated: null });
  t.equal(res.headers.location, `/api/v1/solutions/${s.id}`);
  t.equal(s.uri, `${deps.urls.base}/solutions/${s.id}`);
  t.equal(s.url, s.uri, 'the HTML page lives at the id');
  t.same(s.organisation.handle, `@jobcenter@${deps.urls.host}`, 'published in the agency\'s name');
  t.equal(s.author.handle, `@hanne@${deps.urls.host}`);
  for (const [k, v] of Object.entries(fullSolution())) t.same(s[k], v, `field ${k} kept`);
  t.same(s.adoptions, { count: 0, items: [] });
  t.same(s.replies, { count: 0 });
  const get = await app.inject({ url: `/api/v1/solutions/${s.id}` });
  t.same(get.json(), s, 'GET returns the same');
  const object = await deps.store.objects.getById(s.id);
  t.match(object, { type: 'Article', uri: s.uri, visibility: 'public', local: true }, 'it is also an Article in objects (timelines see it)');
  t.equal((await deps.store.activities.getByUri(`${s.uri}/activity`))?.type, 'Create', 'the Create is in the outbox');
  t.equal(await deps.store.jobs.count({ type: 'fanout' }), 1, 'one fan-out job to the followers');
});

t.test('POST /api/v1/solutions: bad bodies come back as problem+json naming each bad field', async (t) => {
  const { app, deps } = await makeApp(t);
  const token = await staffToken(deps);
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/solutions', headers: auth(token), payload: payload as object });
  const res = await post({
    title: '', summary: 'x'.repeat(1001), approach: 'a', language: 'Danish', maturity: 'done', sectors: ['space'], tags: ['has space'],
    results: [{ value: 'ten' }], contacts: [{ email: 'not-mail' }], links: [{ href: 'javascript:alert(1)', title: 'x' }], id: '1', colour: 'red',
  });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  const p = res.json();
  t.equal(p.code, 'VALIDATION_FAILED');
  const pointers = new Set(p.errors.map((e: { pointer: string }) => e.pointer));
  for (const ptr of ['/title', '/summary', '/problem', '/language', '/maturity', '/sectors/0', '/tags/0', '/results/0/metric', '/results/0/value', '/contacts/0/name', '/contacts/0/email', '/links/0/href', '/id', '/colour']) {
    t.ok(pointers.has(ptr), `names ${ptr}`);
  }
  t.match(p.errors.find((e: { pointer: string }) => e.pointer === '/problem'), { detail: 'is required' });
  t.match(p.errors.find((e: { pointer: string }) => e.pointer === '/id'), { detail: /set by the server/ });
  t.match(p.errors.find((e: { pointer: string }) => e.pointer === '/maturity'), { detail: /idea, pilot, in-use, scaled, retired/ });
  t.equal(p.status, 400);
  t.equal((await post([1])).statusCode, 400, 'an array is not a solution');
  t.equal((await post(fullSolution({ title: '   ' }))).json().errors[0].pointer, '/title', 'blank is not a title');
  t.equal(await deps.store.jobs.count({ type: 'fanout' }), 0, 'nothing was published');
});

t.test('auth: a bearer token of a staff member is required to publish', async (t) => {
  const { app, deps } = await makeApp(t);
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/solutions', payload: fullSolution() })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/solutions', headers: auth('nope'), payload: fullSolution() })).statusCode, 401);
  const token = await staffToken(deps);
  const readOnly = (await import('../../src/domain/accounts/accounts.js')).createPersonalToken(deps, 'hanne', ['read']);
  const r = await app.inject({ method: 'POST', url: '/api/v1/solutions', headers: auth((await readOnly).token), payload: fullSolution() });
  t.equal(r.statusCode, 403);
  t.match(r.headers['content-type'], /problem\+json/);
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/solutions', headers: auth(token), payload: fullSolution() })).statusCode, 201);
});

t.test('PATCH makes revisions with a history; no-op patches make none; DELETE tombstones', async (t) => {
  const { app, deps } = await makeApp(t);
  const token = await staffToken(deps);
  const other = await staffToken(deps, 'ole');
  const s = (await app.inject({ method: 'POST', url: '/api/v1/solutions', headers: auth(token), payload: fullSolution() })).json();
  const patch = (payload: object, tok = token) => app.inject({ method: 'PATCH', url: `/api/v1/solutions/${s.id}`, headers: auth(tok), payload });
  const r1 = await patch({ maturity: 'scaled', results: [{ metric: 'Udeblivelser', baseline: 18, value: 9, unit: '%' }], evidence: '' });
  t.equal(r1.statusCode, 200, r1.body);
  t.match(r1.json(), { revision: 2, maturity: 'scaled', title: s.title });
  t.equal(r1.json().evidence, undefined, 'an empty string clears an optional field');
  t.ok(r1.json().updated);
  t.equal((await patch({ maturity: 'scaled' })).json().revision, 2, 'nothing changed, no new revision');
  const bad = await patch({ title: '', nonsense: 1 });
  t.equal(bad.statusCode, 400);
  t.same(bad.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/nonsense', '/title']);
  t.equal((await patch({})).statusCode, 400, 'an empty patch is refused');
  t.equal((await patch({ title: 'Not mine' }, other)).statusCode, 403, 'only the author (or an admin) edits');
  const revs = (await app.inject({ url: `/api/v1/solutions/${s.id}/revisions` })).json();
  t.same(revs.map((r: { revision: number }) => r.revision), [1, 2]);
  t.equal(revs[0].fields.maturity, 'in-use');
  t.equal(revs[1].fields.maturity, 'scaled');
  const article = (await deps.store.objects.getById(s.id))!.data;
  t.equal(article.revision, 2);
  t.equal(article.maturity, 'sp:Scaled');
  t.ok(await deps.store.activities.getByUri(`${s.uri}#updates/2`), 'the Update is recorded');

  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/solutions/${s.id}`, headers: auth(other) })).statusCode, 403);
  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/solutions/${s.id}`, headers: auth(token) })).statusCode, 204);
  t.equal((await app.inject({ url: `/api/v1/solutions/${s.id}` })).statusCode, 410);
  t.equal((await deps.store.objects.getById(s.id))!.data.type, 'Tombstone');
  t.equal((await app.inject({ url: '/api/v1/solutions' })).json().total, 0, 'gone from search');
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/solutions/${s.id}`, headers: auth(token), payload: { title: 'x' } })).statusCode, 410);
  t.equal((await app.inject({ url: '/api/v1/solutions/123' })).statusCode, 404);
});

t.test('PATCH with "" clears any optional field, enums and objects included; a required one stays required', async (t) => {
  const { app, deps } = await makeApp(t);
  const token = await staffToken(deps);
  const s = (await app.inject({ method: 'POST', url: '/api/v1/solutions', headers: auth(token), payload: fullSolution() })).json();
  const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/api/v1/solutions/${s.id}`, headers: auth(token), payload });
  const cleared = await patch({ maturity: '', licence: '', startedAt: '', costs: '' });
  t.equal(cleared.statusCode, 200, cleared.body);
  for (const f of ['maturity', 'licence', 'startedAt', 'costs']) t.equal(cleared.json()[f], undefined, `${f} cleared`);
  t.equal(cleared.json().revision, 2);
  const required = await patch({ summary: '', maturity: '' });
  t.equal(required.statusCode, 400);
  t.same(required.json().errors.map((e: { pointer: string }) => e.pointer), ['/summary']);
  t.equal((await patch({ maturity: 'sometimes' })).statusCode, 400, 'a wrong value is still refused');
});
