import t from 'tap';
import type { Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import type { Actor, Job, Marker } from '../../src/store/port.js';
import { StoreConflict } from '../../src/store/port.js';
import { Coll } from '../../src/store/mongodb/collection.js';
import type { MongoCtx } from '../../src/store/mongodb/context.js';
import { isDuplicateKey, isTransientTransactionError, withConflict } from '../../src/store/mongodb/errors.js';
import { COLLECTIONS, INDEXES } from '../../src/store/mongodb/indexes.js';
import {
  asciiLower, CLAIM_SORT, claimable, claimFilter, claimUpdate, domainAndSubdomainsPattern, failUpdate, leaseDecision,
  ownedBy, prefixPattern, recordFailurePipeline, releaseUpdate,
} from '../../src/store/mongodb/queries.js';
import { databaseNameOf, redactUri } from '../../src/store/mongodb/uri.js';
import { markerKey } from '../../src/store/mongodb/markers.js';

// Everything here runs without a server: the documents and queries the adapter builds, checked as
// data. Whether MongoDB executes them as SQLite does is the contract suite's job (mongodb.test.ts).

/** Mapping only: toDoc/fromDoc/toSet never touch the database, so a context without one is enough. */
const noDb: MongoCtx = { db: undefined as unknown as Db, session: undefined, atomically: () => Promise.reject(new Error('no db')) };

t.test('connection strings: database name from the path; passwords never shown', async (t) => {
  t.equal(databaseNameOf('mongodb://h1:27017,h2:27017/samspil?replicaSet=rs0'), 'samspil');
  t.equal(databaseNameOf('mongodb+srv://u:p@cluster.example/agency%5Fa'), 'agency_a');
  t.equal(databaseNameOf('mongodb://127.0.0.1:27017/?replicaSet=rs0'), undefined);
  t.equal(databaseNameOf('mongodb://127.0.0.1:27017'), undefined);
  t.equal(redactUri('mongodb://app:s3cr%40t@db1,db2/samspil?replicaSet=rs0'), 'mongodb://app:***@db1,db2/samspil?replicaSet=rs0');
  t.equal(redactUri('mongodb://db1/samspil'), 'mongodb://db1/samspil');
  t.notMatch(redactUri('mongodb+srv://app:hunter2@c.example/x'), /hunter2/);
});

t.test('indexes: every collection has an entry; the keys the port makes unique are unique', async (t) => {
  t.same(Object.keys(INDEXES).sort(), Object.values(COLLECTIONS).sort());
  const unique = (coll: string) => INDEXES[coll]!.filter((i) => i.unique).map((i) => Object.keys(i.key as object).join(','));
  t.same(unique(COLLECTIONS.actors), ['uri', 'usernameKey,domainKey'], 'AP ids and (username, domain)');
  t.same(unique(COLLECTIONS.objects), ['uri'], 'AP ids of objects');
  t.same(unique(COLLECTIONS.activities), ['uri'], 'activity ids: a redelivery is a conflict');
  t.same(unique(COLLECTIONS.follows), ['uri', 'followerId,followeeId']);
  t.same(unique(COLLECTIONS.tokens), ['tokenHash', 'refreshTokenHash']);
  t.same(unique(COLLECTIONS.jobs), ['key']);
  t.same(unique(COLLECTIONS.reports), ['remoteFlagUri']);
  // Nullable unique keys: a plain unique index would let only one document have null.
  for (const [coll, field] of [[COLLECTIONS.jobs, 'key'], [COLLECTIONS.tokens, 'refreshTokenHash'], [COLLECTIONS.reports, 'remoteFlagUri']] as const) {
    const idx = INDEXES[coll]!.find((i) => i.unique && field in (i.key as object))!;
    // Null and missing values are outside `{$gt: ''}` (only strings compare with a string), so many may lack a key.
    t.same(idx.partialFilterExpression, { [field]: { $gt: '' } }, `${coll}.${field} is unique only where set`);
  }
  const names = Object.values(INDEXES).flat().map((i) => i.name);
  t.equal(new Set(names).size, names.length, 'index names are unique (createIndexes matches by name)');
  t.ok(names.every(Boolean), 'every index is named');
});

t.test('indexes: timelines and collections page newest first by _id under their equality fields', async (t) => {
  const key = (coll: string, name: string) => INDEXES[coll]!.find((i) => i.name === name)!.key;
  t.same(key(COLLECTIONS.activities, 'activities_actor'), { actorId: 1, type: 1, _id: -1 });
  t.same(key(COLLECTIONS.follows, 'follows_followee'), { followeeId: 1, state: 1, _id: -1 });
  t.same(key(COLLECTIONS.follows, 'follows_follower'), { followerId: 1, state: 1, _id: -1 });
  t.same(key(COLLECTIONS.jobs, 'jobs_due'), { state: 1, ...CLAIM_SORT }, 'the claim query is served by an index in its sort order');
});

const actor: Actor = {
  id: '111', uri: 'https://a.example/users/Mette', username: 'Mette', domain: 'a.example', type: 'Person', displayName: 'Mette Ø',
  summary: '<p>hi</p>', url: null, inbox: 'https://a.example/users/Mette/inbox', sharedInbox: null, outbox: null, followersUri: null,
  followingUri: null, featuredUri: null, publicKeyId: 'https://a.example/users/Mette#main-key', publicKeyPem: 'PEM', privateKeyPem: null,
  manuallyApprovesFollowers: false, discoverable: true, indexable: true, avatarUrl: null, headerUrl: null,
  fields: [{ name: 'Role', value: 'Case worker' }], raw: { id: 'x', '$weird.key': 1, '@context': ['a'] },
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', fetchedAt: null, suspendedAt: null, deletedAt: null,
};

t.test('mapping: the key becomes _id, foreign JSON is kept as text, derived keys are added, and it round-trips', async (t) => {
  const c = new Coll<Actor>(noDb, {
    name: 'actors', key: 'id',
    fields: Object.fromEntries(Object.keys(actor).map((k) => [k, k === 'fields' || k === 'raw' ? 'json' : typeof actor[k as keyof Actor] === 'boolean' ? 'bool' : 'text'])) as never,
    derive: (a) => (a.username !== undefined ? { usernameKey: asciiLower(a.username) } : {}),
  });
  const doc = c.toDoc(actor);
  t.equal(doc._id, '111');
  t.notOk('id' in doc, 'the key is not stored twice');
  t.equal(typeof doc.raw, 'string', 'a remote document with $ and . in its keys is stored as text');
  t.equal(doc.usernameKey, 'mette');
  t.equal(doc.url, null);
  t.same(c.fromDoc(doc), actor);
  t.equal(c.fromDoc(null), undefined);
  t.same(c.toSet({ id: 'other', displayName: undefined, username: 'Y' }), { displayName: null, username: 'Y', usernameKey: 'y' }, 'undefined is null as in SQLite; the key never changes');
  t.same(c.toSet({}), {}, 'an empty patch sets nothing (no derived fields either)');
  const missing = c.fromDoc({ _id: '1' })!;
  t.equal(missing.discoverable, false, 'a missing boolean reads false, as SQLite decodes NULL');
  t.equal(missing.displayName, null);
});

t.test('mapping: composite keys (markers) are one unambiguous string', async (t) => {
  const c = new Coll<Marker>(noDb, {
    name: 'markers', key: (m) => markerKey(m.userId, m.timeline),
    fields: { userId: 'text', timeline: 'text', lastReadId: 'text', version: 'int', updatedAt: 'text' },
  });
  const m: Marker = { userId: 'u/1', timeline: 'home', lastReadId: '5', version: 2, updatedAt: '2026-01-01T00:00:00.000Z' };
  const doc = c.toDoc(m);
  t.equal(doc._id, markerKey('u/1', 'home'));
  t.not(markerKey('u/1', 'home'), markerKey('u', '1/home'));
  t.same(c.fromDoc(doc), m);
});

t.test('search patterns behave like LIKE with ESCAPE: ASCII case folding, every character literal', async (t) => {
  t.equal(asciiLower('ÆbleMOST'), 'Æblemost', 'only ASCII letters fold, like NOCASE');
  t.ok(prefixPattern('ANN').test('anna'));
  t.notOk(prefixPattern('_').test('anna'), '_ is literal');
  t.ok(prefixPattern('x_').test('x_y'));
  t.notOk(prefixPattern('a.').test('ab'), '. is literal');
  t.ok(prefixPattern('100%').test('100% sure'));
  t.notOk(prefixPattern('(').test('x'), 'regex syntax is escaped, not an error');
  const d = domainAndSubdomainsPattern('spam.example');
  for (const yes of ['spam.example', 'a.spam.example', 'spam.example:8443', 'b.a.spam.example:1']) t.ok(d.test(yes), yes);
  for (const no of ['notspam.example', 'spam.example.org', 'spamXexample', 'spam.examples']) t.notOk(d.test(no), no);
});

t.test('errors: duplicate keys become StoreConflict; transient transaction errors are recognised', async (t) => {
  const dup = new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });
  t.ok(isDuplicateKey(dup));
  t.notOk(isDuplicateKey(new Error('E11000')), 'only driver errors count');
  await t.rejects(withConflict('actors', () => Promise.reject(dup)), StoreConflict);
  const other = new MongoServerError({ message: 'boom', code: 2 });
  await t.rejects(withConflict('actors', () => Promise.reject(other)), other);
  t.ok(isTransientTransactionError(new MongoServerError({ message: 'WriteConflict', code: 112, errorLabels: ['TransientTransactionError'] })));
  t.notOk(isTransientTransactionError(dup));
});

// ---- the lease logic ---------------------------------------------------------------------

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
const job = (over: Partial<Job>): Pick<Job, 'state' | 'runAt' | 'leaseUntil' | 'type'> => ({ state: 'pending', runAt: at(0), leaseUntil: null, type: 'deliver', ...over });

t.test('lease decisions: due, not yet due, held, expired, finished, other type', async (t) => {
  t.equal(leaseDecision(job({}), at(0)), 'due', 'runAt == now is due');
  t.equal(leaseDecision(job({ runAt: at(1) }), at(0)), 'not-yet-due');
  t.equal(leaseDecision(job({ state: 'running', leaseUntil: at(1000) }), at(999)), 'leased');
  t.equal(leaseDecision(job({ state: 'running', leaseUntil: at(1000) }), at(1000)), 'lease-expired', 'a lease ends at its instant');
  t.equal(leaseDecision(job({ state: 'running', leaseUntil: null }), at(1000)), 'leased', 'no lease time: never taken over');
  t.equal(leaseDecision(job({ state: 'done' }), at(1e9)), 'finished');
  t.equal(leaseDecision(job({ state: 'dead' }), at(1e9)), 'finished', 'dead jobs are never claimed');
  t.equal(leaseDecision(job({}), at(0), ['inbox']), 'other-type');
  t.equal(leaseDecision(job({}), at(0), []), 'due', 'an empty type list means any type, as in SQLite');
  t.ok(claimable('due') && claimable('lease-expired'));
  t.notOk(claimable('leased') || claimable('not-yet-due') || claimable('finished') || claimable('other-type'));
});

/**
 * A minimal evaluator for exactly the operators claimFilter uses (equality, $lte, $in, $or): a
 * test helper to check the filter says what leaseDecision says, not a MongoDB. Comparisons are
 * between strings only, as on the server (a null never satisfies $lte against a string).
 */
function matches(doc: Record<string, unknown>, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([k, cond]) => {
    if (k === '$or') return (cond as Record<string, unknown>[]).some((f) => matches(doc, f));
    const v = doc[k];
    if (cond && typeof cond === 'object') {
      const c = cond as { $lte?: string; $in?: unknown[] };
      if (c.$lte !== undefined) return typeof v === 'string' && v <= c.$lte;
      if (c.$in !== undefined) return c.$in.includes(v);
      throw new Error(`operator not modelled: ${JSON.stringify(cond)}`);
    }
    return v === cond;
  });
}

t.test('the claim filter encodes the lease decision for every combination', async (t) => {
  const states = ['pending', 'running', 'done', 'dead'] as const;
  const times = [null, at(-1), at(0), at(1)];
  let checked = 0;
  for (const state of states) for (const runAt of times.slice(1)) for (const leaseUntil of times) for (const types of [undefined, ['deliver'], ['inbox']]) {
    const j = job({ state, runAt: runAt!, leaseUntil });
    t.equal(matches(j, claimFilter(at(0), types)), claimable(leaseDecision(j, at(0), types)), JSON.stringify({ ...j, types }));
    checked++;
  }
  t.equal(checked, 4 * 3 * 4 * 3);
});

t.test('claim, finish and give back: updates carry the lease and only the owner may finish', async (t) => {
  t.same(claimUpdate('node-a:42', at(0), 120_000), [{
    $set: {
      // A takeover of a running job (the old state, read in the same stage) counts an attempt.
      attempts: { $add: [{ $ifNull: ['$attempts', 0] }, { $cond: [{ $eq: ['$state', 'running'] }, 1, 0] }] },
      state: { $literal: 'running' }, leaseOwner: { $literal: 'node-a:42' }, leaseUntil: { $literal: at(120_000) }, updatedAt: { $literal: at(0) },
    },
  }]);
  t.same(ownedBy('7', 'node-a:42'), { _id: '7', state: 'running', leaseOwner: 'node-a:42' });
  const retry = failUpdate('x'.repeat(3000), at(5000), at(10));
  t.same(retry.$inc, { attempts: 1 });
  t.match(retry.$set, { state: 'pending', runAt: at(5000), leaseOwner: null, leaseUntil: null, updatedAt: at(10) });
  t.equal((retry.$set as { lastError: string }).lastError.length, 2000, 'errors are cut as in SQLite');
  const dead = failUpdate('gone', null, at(10));
  t.equal((dead.$set as { state: string }).state, 'dead');
  t.notOk('runAt' in (dead.$set as object), 'a dead job keeps its runAt');
  t.same(releaseUpdate(at(3)), { $set: { state: 'pending', runAt: at(3), leaseOwner: null, leaseUntil: null, updatedAt: at(3) } }, 'attempts untouched');
});

t.test('delivery host failures: one pipeline, values as literals', async (t) => {
  const p = recordFailurePipeline('$now', at(-1000));
  t.equal(p.length, 2, 'the second stage sees the failure run start the first one kept');
  t.same(p[0]!.$set.lastFailureAt, { $literal: '$now' }, 'a value is never read as a field path');
  t.same(p[0]!.$set.failingSince, { $ifNull: ['$failingSince', { $literal: '$now' }] });
});
