import t from 'tap';
import { makeDeps } from '../helpers/app.js';
import { ensureFirstStart } from '../../src/domain/accounts/first-start.js';
import { disableAccount, createAccount } from '../../src/domain/accounts/accounts.js';

t.test('first start creates instance actor, agency and one admin, once', async (t) => {
  const deps = await makeDeps(t);
  const one = await ensureFirstStart(deps);
  t.equal(one.instanceActor.type, 'Application');
  t.equal(one.agencyActor.type, 'Organization');
  t.equal(one.agencyActor.username, 'jobcenter');
  t.ok(one.admin?.password);
  const adminActor = await deps.store.actors.getByUsername(one.admin!.username, null);
  t.match(await deps.store.users.getByActorId(adminActor!.id), { role: 'admin', staffRole: 'publisher' }, 'the first admin is a publisher');
  const staff = await createAccount(deps, { username: 'nyansat', password: 'correct horse battery' });
  t.equal(staff.user.staffRole, 'author', 'a new account starts as an author');
  const two = await ensureFirstStart(deps);
  t.equal(two.admin, undefined);
  t.equal(two.agencyActor.id, one.agencyActor.id);
  t.equal(await deps.store.actors.countLocal(), 4);
  t.equal(await deps.store.meta.get('agencyActorId'), one.agencyActor.id);
});

t.test('concurrent first starts on one store agree on one set of actors', async (t) => {
  const deps = await makeDeps(t);
  const results = await Promise.allSettled([ensureFirstStart(deps), ensureFirstStart(deps)]);
  const ok = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof ensureFirstStart>>>[];
  t.ok(ok.length >= 1);
  t.equal(new Set(ok.map((r) => r.value.agencyActor.id)).size, 1);
  t.equal(await deps.store.actors.countLocal(), 3);
});

t.test('a renamed agency in config updates the display name', async (t) => {
  const deps = await makeDeps(t);
  await ensureFirstStart(deps);
  deps.config.instance.agencyDisplayName = 'Jobcenter Aarhus';
  const again = await ensureFirstStart(deps);
  const stored = await deps.store.actors.getById(again.agencyActor.id);
  t.equal(stored!.displayName, 'Jobcenter Aarhus');
});

t.test('the last enabled admin cannot be disabled', async (t) => {
  const deps = await makeDeps(t);
  const { admin } = await ensureFirstStart(deps);
  await t.rejects(disableAccount(deps, admin!.username), { code: 'LAST_ADMIN' });
  await createAccount(deps, { username: 'second', password: 'correct horse battery', role: 'admin' });
  const disabled = await disableAccount(deps, admin!.username);
  t.ok(disabled.disabledAt);
});
