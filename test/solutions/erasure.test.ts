import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { eraseAccount } from '../../src/domain/privacy/erase.js';
import { createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { fullSolution, staffToken } from './fixtures.js';

async function follow(follower: TestInstance, followee: TestInstance) {
  await followActor(follower.it.fed, 'agency', `@agency@${followee.domain}`);
  const me = (await follower.it.deps.store.actors.getByUsername('agency', null))!;
  await eventually(`${follower.name} follows ${followee.name}`, async () => {
    const them = await follower.it.deps.store.actors.getByUsername('agency', followee.domain);
    return them && (await follower.it.deps.store.follows.getByPair(me.id, them.id))?.state === 'accepted';
  });
}

t.test("erasing a staff member: their solutions stay the agency's without their name, here and on followers' servers", async (t) => {
  const a = await testInstance(t, 'erase-a');
  const b = await testInstance(t, 'erase-b');
  await follow(b, a);
  const token = await staffToken(a.it.deps);
  const contacts = [{ name: 'Hanne Jensen', role: 'Teamleder', actor: `@hanne@${a.domain}` }, { name: 'Ole', role: 'Udvikler', email: 'ole@example.org' }];
  const posted = await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${token}` }, payload: fullSolution({ contacts }) });
  t.equal(posted.statusCode, 201, posted.body);
  const s = posted.json();
  const copy = await eventually('B has the solution with its author', async () => {
    const o = await b.it.deps.store.objects.getByUri(s.uri);
    return o && Array.isArray(o.data.authors) ? o : undefined;
  });
  t.match(JSON.stringify(copy.data), /Hanne Jensen/);

  const r = await eraseAccount(a.it.fed, { username: 'hanne', by: 'admin' });
  t.match(r, { solutionsKept: 1, solutionsDeleted: 0 });
  const here = (await a.it.deps.store.solutions.getByUri(s.uri))!;
  t.equal(here.authorId, null);
  t.equal(here.deletedAt, null, 'the solution stays');
  t.equal(here.revision, 2, 'as a new revision');
  t.same(here.fields.contacts?.map((c) => c.name), ['Ole'], 'the contact entry naming her handle goes');
  const page = await a.it.app.inject({ url: `/solutions/${here.id}`, headers: { accept: 'text/html' } });
  t.equal(page.statusCode, 200);
  t.notMatch(page.body, /Hanne/, 'her name is nowhere on the page');

  const updated = await eventually('B got the Update without her name', async () => {
    const o = await b.it.deps.store.objects.getByUri(s.uri);
    return o && !JSON.stringify(o.data).includes('Hanne') ? o : undefined;
  });
  t.notOk(updated.deletedAt);
  t.equal((await b.it.deps.store.solutions.getByUri(s.uri))?.revision, 2);
});

t.test('erasing with solutions=delete through the admin API deletes them everywhere', async (t) => {
  const a = await testInstance(t, 'erase-c');
  const b = await testInstance(t, 'erase-d');
  await follow(b, a);
  const token = await staffToken(a.it.deps);
  const s = (await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${token}` }, payload: fullSolution() })).json();
  await eventually('B has the solution', () => b.it.deps.store.solutions.getByUri(s.uri));
  const admin = (await createPersonalToken(a.it.deps, 'admin', ['admin:read', 'admin:write'])).token;
  const hanne = (await a.it.deps.store.actors.getByUsername('hanne', null))!;
  const auth = { authorization: `Bearer ${admin}` };
  t.equal((await a.it.app.inject({ method: 'DELETE', url: `/api/v1/admin/accounts/${hanne.id}?solutions=shred`, headers: auth })).statusCode, 422);
  const res = await a.it.app.inject({ method: 'DELETE', url: `/api/v1/admin/accounts/${hanne.id}?solutions=delete`, headers: auth });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), { erased: 'hanne', solutions_kept: 0, solutions_deleted: 1 });
  t.ok((await a.it.deps.store.solutions.getByUri(s.uri))?.deletedAt, 'deleted here');
  await eventually('deleted on B', async () => (await b.it.deps.store.solutions.getByUri(s.uri))?.deletedAt ?? (await b.it.deps.store.solutions.getByUri(s.uri)) === undefined);
});
