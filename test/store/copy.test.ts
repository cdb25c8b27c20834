import t from 'tap';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { canonicalJson, copyStore, recordChecksum, verifyCopy } from '../../src/store/copy.js';
import { RECORD_KINDS } from '../../src/store/port.js';
import { tempDir } from '../helpers/config.js';
import { populateEveryKind } from '../helpers/populate.js';

// The copy runs port to port, so it is exercised here for real between two SQLite files. The
// MongoDB direction runs the same code over the mongodb adapter, which needs a server.

t.test('canonical JSON ignores key order; checksums differ when any value does', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: null }], c: 'æ' } }), '{"a":{"c":"æ","d":[1,{"x":null,"y":2}]},"b":1}');
  t.equal(recordChecksum({ a: 1, b: 2 }), recordChecksum({ b: 2, a: 1 }));
  t.not(recordChecksum({ a: 1 }), recordChecksum({ a: '1' }));
  t.not(recordChecksum({ a: false }), recordChecksum({ a: null }));
});

t.test('every kind is copied and verified between two stores; the target must be empty', async (t) => {
  const dir = tempDir(t);
  const from = await openSqliteStore({ path: join(dir, 'a.sqlite') });
  const to = await openSqliteStore({ path: join(dir, 'b.sqlite') });
  t.teardown(async () => { await from.close(); await to.close(); });
  await populateEveryKind(from);
  for (const kind of RECORD_KINDS) t.ok(await from.transfer.count(kind), `the fixture has ${kind}`);

  const copied = await copyStore(from, to);
  t.equal(copied.audit, 1100, 'more than one page');
  for (const kind of RECORD_KINDS) t.equal(copied[kind], await from.transfer.count(kind), kind);
  const report = await verifyCopy(from, to);
  t.ok(report.ok, 'counts and checksums match');

  // The copy is usable through the port, not only byte-equal.
  const mette = await to.actors.getByUsername('METTE', null);
  t.equal(mette?.displayName, 'Mette Ærø');
  t.same((await to.markers.get((await to.users.getByActorId(mette!.id))!.id, ['home'])).map((m) => m.version), [2]);
  t.same((await to.actors.getByUri('https://b.example/users/bob'))?.raw, { id: 'https://b.example/users/bob', $odd: { 'a.b': [1, 2.5, null, true] } });
  t.equal((await to.jobs.getByKey('k1'))?.state, 'dead');
  t.match(await to.webSessions.getBySecretHash('wsh1'), { userAgent: 'Mozilla/5.0 (Ærø; æøå) 🦊', ip: '2001:db8::1' });
  t.equal(await to.webSessions.deleteExpired('2026-11-30T12:00:00.000Z'), 1, 'expiries compare in the copy as in the source');
  t.equal((await to.jobs.enqueue({ type: 'deliver', key: 'k1', payload: {} }, '2026-12-01T00:00:00.000Z')).created, false, 'unique keys hold in the copy');

  await t.rejects(copyStore(from, to), /the target store is not empty \(2 meta, 2 actors/);
});

t.test('verification finds a changed, a missing and an extra record', async (t) => {
  const dir = tempDir(t);
  const from = await openSqliteStore({ path: join(dir, 'a.sqlite') });
  const to = await openSqliteStore({ path: join(dir, 'b.sqlite') });
  t.teardown(async () => { await from.close(); await to.close(); });
  await populateEveryKind(from, 3);
  await copyStore(from, to);
  await to.meta.set('domainMode', 'open');
  const list = (await from.transfer.page('lists', null, 10)).records[0]!;
  await to.lists.delete(list.id as string);
  await to.domainPolicies.upsert({ domain: 'extra.example', action: 'silence', reason: null, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'cli' });
  const report = await verifyCopy(from, to);
  t.notOk(report.ok);
  const by = Object.fromEntries(report.kinds.map((k) => [k.kind, k]));
  t.match(by.meta, { source: 2, target: 2, differing: 1, examples: ['["domainMode"]'] });
  t.match(by.lists, { source: 1, target: 0, missing: 1 });
  t.match(by.domainPolicies, { source: 1, target: 2, extra: 1, examples: ['["extra.example"]'] });
  t.match(by.actors, { missing: 0, extra: 0, differing: 0 });
});
