import t from 'tap';
import { testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { apiAs, records, sendAs, settled } from '../helpers/signed.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';
import { resolveActor } from '../../src/activitypub/fetch/remote-actor.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import type { RecordKind } from '../../src/store/port.js';

type Json = Record<string, any>;

/** What a forged activity could have touched: everything but the queue, the idempotency records and bookkeeping. */
const KINDS: RecordKind[] = ['actors', 'objects', 'follows', 'notifications', 'solutions', 'solutionRevisions', 'adoptions', 'reports', 'bookmarks', 'statusVersions', 'postSubscriptions', 'media'];

/**
 * Same-host forgery. Every signature here is valid and every id is on the signer's own host E, so
 * the inbox's origin checks pass (202): what stops the forgeries is the handlers' rule that an actor
 * may only change what is its own. Mallory on E tries to delete, edit, undo, accept, reject and
 * create in the name of Vera, Lena and Bob; nothing at B may change, no one may be notified.
 */
t.test("a signed actor cannot change, undo, answer or create another actor's things on its own host", async (t) => {
  const e = await testInstance(t, 'forge-e');
  const b = await testInstance(t, 'forge-b');
  const base = `http://${e.domain}/users`;
  const vera = `${base}/vera`;
  const lena = `${base}/lena`;
  const mallory = `${base}/mallory`;
  for (const username of ['vera', 'lena', 'mallory']) await createAccount(e.it.deps, { username, password: 'correct horse battery' });
  await e.it.deps.store.actors.update((await e.it.deps.store.actors.getByUri(lena))!.id, { manuallyApprovesFollowers: true });
  for (const username of ['bob', 'bea']) await createAccount(b.it.deps, { username, password: 'correct horse battery' });
  const bob = await apiAs(b, 'bob');
  const bobActor = (await b.it.deps.store.actors.getByUsername('bob', null))!;
  const beaActor = (await b.it.deps.store.actors.getByUsername('bea', null))!;
  const bobUri = bobActor.uri;

  // The real state, built through real federation.
  // Bob follows Vera (accepted); Bea asks to follow Lena, who approves by hand (pending).
  const bobFollowsVera = await followActor(b.it.fed, 'bob', `@vera@${e.domain}`);
  const beaFollowsLena = await followActor(b.it.fed, 'bea', `@lena@${e.domain}`);
  const veraAtB = (await b.it.deps.store.actors.getByUri(vera))!;
  const lenaAtB = (await b.it.deps.store.actors.getByUri(lena))!;
  await eventually('Bob follows Vera', async () => (await b.it.deps.store.follows.getByPair(bobActor.id, veraAtB.id))?.state === 'accepted');
  await eventually('E holds Bea\'s request', async () => (await e.it.deps.store.follows.getByUri(beaFollowsLena.follow.uri))?.state === 'pending');
  // Vera follows Bob: B stores Vera's Follow under Vera's own id.
  const veraFollowsBob = await followActor(e.it.fed, 'vera', `@bob@${b.domain}`);
  await eventually('B holds Vera\'s follow of Bob', async () => (await b.it.deps.store.follows.getByUri(veraFollowsBob.follow.uri))?.state === 'accepted');
  // Vera posts; it reaches B because Bob follows her.
  const { object: veraNote } = await publishNote(e.it.fed, 'vera', { text: 'Vera\'s own words' });
  const veraNoteAtB = await eventually('B stored Vera\'s note', () => b.it.deps.store.objects.getByUri(veraNote.uri));
  // Bob posts; Vera favourites and boosts it.
  const bobPost = await bob('POST', '/api/v1/statuses', { status: 'Bob\'s post' });
  const veraLike = `${vera}#likes/1`;
  const veraBoost = `${vera}/statuses/boost-1/activity`;
  t.equal(await sendAs(e, 'vera', b, { id: veraLike, type: 'Like', actor: vera, object: bobPost.uri }), 202);
  t.equal(await sendAs(e, 'vera', b, { id: veraBoost, type: 'Announce', actor: vera, to: [PUBLIC], object: bobPost.uri }), 202);
  await settled(b);
  t.match(await bob('GET', `/api/v1/statuses/${bobPost.id}`), { favourites_count: 1, reblogs_count: 1 }, 'the real Like and Announce count');
  const notifications = async () => (await bob('GET', '/api/v1/notifications')).map((n: Json) => `${n.type}:${n.account.acct}:${n.status?.id ?? ''}`).sort();
  t.same(await notifications(), [`favourite:vera@${e.domain}:${bobPost.id}`, `follow:vera@${e.domain}:`, `reblog:vera@${e.domain}:${bobPost.id}`]);

  // Mallory is a real, signing actor of E that B already knows (so fetching her key changes nothing below).
  await resolveActor(b.it.fed, mallory);
  const account = async (acct: string) => bob('GET', `/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`);
  const view = async () => ({
    bobPost: await bob('GET', `/api/v1/statuses/${bobPost.id}`),
    notifications: await notifications(),
    home: (await bob('GET', '/api/v1/timelines/home')).map((s: Json) => s.id),
    vera: await account(`vera@${e.domain}`),
    mallory: await account(`mallory@${e.domain}`),
    lena: await account(`lena@${e.domain}`),
    veraStatuses: (await bob('GET', `/api/v1/accounts/${(await account(`vera@${e.domain}`)).id}/statuses`)).map((s: Json) => [s.id, s.content]),
  });
  const beforeRecords = await records(b, KINDS);
  const beforeActivities = (await records(b, ['activities'])).activities;
  const beforeView = await view();
  t.equal(beforeView.mallory.statuses_count, 0);

  const veraDoc = await (await fetch(vera, { headers: { accept: 'application/activity+json' } })).json() as Json;
  const { '@context': _c, ...veraNoteDoc } = veraNote.data;
  let n = 0;
  const forged = (activity: Json): Json => ({ id: `${mallory}#forged/${++n}`, actor: mallory, ...activity });
  const forgeries: Array<[string, Json]> = [
    // Delete / Update of another actor's object (and of the actor itself).
    ['Delete of Vera\'s note by id', forged({ type: 'Delete', object: veraNote.uri, to: [PUBLIC] })],
    ['Delete of Vera\'s note as a Tombstone', forged({ type: 'Delete', object: { id: veraNote.uri, type: 'Tombstone' }, to: [PUBLIC] })],
    ['Delete of Vera herself', forged({ type: 'Delete', object: vera, to: [PUBLIC] })],
    ['Update of Vera\'s note, attributed to Vera', forged({ type: 'Update', object: { ...veraNoteDoc, content: '<p>forged by Mallory</p>', updated: new Date().toISOString() } })],
    ['Update of Vera\'s note, claimed as Mallory\'s', forged({ type: 'Update', object: { ...veraNoteDoc, attributedTo: mallory, content: '<p>forged by Mallory</p>', updated: new Date().toISOString() } })],
    ['Update of Vera\'s profile', forged({ type: 'Update', object: { ...veraDoc, '@context': undefined, name: 'Forged Vera', summary: '<p>forged</p>' } })],
    // Undo of someone else's Follow, Like, Announce.
    ['Undo of Vera\'s Follow by id', forged({ type: 'Undo', object: veraFollowsBob.follow.uri })],
    ['Undo of Vera\'s Follow embedded', forged({ type: 'Undo', object: { id: veraFollowsBob.follow.uri, type: 'Follow', actor: vera, object: bobUri } })],
    ['Undo of Vera\'s Follow embedded without id', forged({ type: 'Undo', object: { id: `${mallory}#follows/none`, type: 'Follow', actor: vera, object: bobUri } })],
    ['Undo of Vera\'s Like by id', forged({ type: 'Undo', object: veraLike })],
    ['Undo of Vera\'s Like embedded', forged({ type: 'Undo', object: { id: veraLike, type: 'Like', actor: vera, object: bobPost.uri } })],
    ['Undo of a Like Mallory never made', forged({ type: 'Undo', object: { id: `${mallory}#likes/none`, type: 'Like', actor: mallory, object: bobPost.uri } })],
    ['Undo of Vera\'s Announce by id', forged({ type: 'Undo', object: veraBoost })],
    ['Undo of Vera\'s Announce embedded', forged({ type: 'Undo', object: { id: veraBoost, type: 'Announce', actor: vera, object: bobPost.uri } })],
    // Accept / Reject by an actor who is not the followee.
    ['Accept of Bea\'s request to Lena by id', forged({ type: 'Accept', object: beaFollowsLena.follow.uri })],
    ['Accept of Bea\'s request to Lena embedded', forged({ type: 'Accept', object: { id: beaFollowsLena.follow.uri, type: 'Follow', actor: beaActor.uri, object: lena } })],
    ['Accept of Bea\'s request by pair', forged({ type: 'Accept', object: { type: 'Follow', actor: beaActor.uri, object: lena } })],
    ['Reject of Bea\'s request to Lena', forged({ type: 'Reject', object: beaFollowsLena.follow.uri })],
    ['Reject of Bob\'s follow of Vera by id', forged({ type: 'Reject', object: bobFollowsVera.follow.uri })],
    ['Reject of Bob\'s follow of Vera embedded', forged({ type: 'Reject', object: { id: bobFollowsVera.follow.uri, type: 'Follow', actor: bobUri, object: vera } })],
    ['Reject of Bob\'s follow of Vera by pair', forged({ type: 'Reject', object: { type: 'Follow', actor: bobUri, object: vera } })],
    // Create of an object attributed to someone else.
    ['Create of a note attributed to Vera, mentioning Bob', forged({
      type: 'Create', to: [PUBLIC], object: {
        id: `${vera}/statuses/forged-1`, type: 'Note', attributedTo: vera, to: [PUBLIC], cc: [bobUri], content: '<p>@bob forged</p>',
        tag: [{ type: 'Mention', href: bobUri, name: `@bob@${b.domain}` }],
      },
    })],
    ['Create of a reply to Bob attributed to Vera', forged({
      type: 'Create', to: [PUBLIC], object: { id: `${mallory}/statuses/forged-2`, type: 'Note', attributedTo: vera, inReplyTo: bobPost.uri, to: [PUBLIC], content: '<p>forged reply</p>' },
    })],
    ['Create with Vera first among several authors', forged({
      type: 'Create', to: [PUBLIC], object: { id: `${mallory}/statuses/forged-3`, type: 'Note', attributedTo: [vera, mallory], to: [PUBLIC], content: '<p>forged</p>' },
    })],
    ['Create of an Article attributed to Vera', forged({
      type: 'Create', to: [PUBLIC], object: { id: `${vera}/articles/forged-4`, type: 'Article', attributedTo: vera, name: 'Forged', to: [PUBLIC], content: '<p>forged</p>' },
    })],
    ['Create that re-sends Vera\'s note with other words', forged({ type: 'Create', to: [PUBLIC], object: { ...veraNoteDoc, attributedTo: mallory, content: '<p>forged</p>' } })],
  ];
  for (const [label, activity] of forgeries) t.equal(await sendAs(e, 'mallory', b, activity), 202, `${label}: accepted by the inbox (same host, valid signature)`);
  await settled(b);
  const jobs = (await b.it.deps.store.jobs.list({ type: 'inbox', limit: 5000 })).filter((j) => forgeries.some(([, a]) => j.key === `inbox:${a.id}`));
  t.equal(jobs.length, forgeries.length, 'every forgery reached its handler');
  t.same(jobs.filter((j) => j.state !== 'done').map((j) => j.lastError), [], 'and was handled without error');

  // No change, no trace.
  const afterRecords = await records(b, KINDS);
  for (const kind of KINDS) t.same(afterRecords[kind], beforeRecords[kind], `${kind}: unchanged`);
  const forgedIds = new Set(forgeries.map(([, a]) => String(a.id)));
  const afterActivities = (await records(b, ['activities'])).activities as Json[];
  t.same(afterActivities.filter((a) => !forgedIds.has(a.uri)), beforeActivities, 'activities: every earlier record is still there, none added but the forgeries\' own ids');
  t.same(await view(), beforeView, 'what Bob sees through the API (notifications, counts, timelines, profiles) is unchanged');
  t.equal((await b.it.deps.store.objects.getByUri(veraNote.uri))?.data.content, veraNoteAtB.data.content, 'Vera\'s note keeps her words');
  t.equal((await b.it.deps.store.follows.getByUri(beaFollowsLena.follow.uri))?.state, 'pending', 'Bea\'s request is still pending');
  t.equal(await b.it.deps.store.objects.getByUri(`${vera}/statuses/forged-1`), undefined, 'no forged note');
  t.equal((await b.it.deps.store.actors.getById(veraAtB.id))?.suspendedAt, null, 'Vera is not deleted');
  t.equal((await b.it.deps.store.actors.getById(lenaAtB.id))?.displayName, lenaAtB.displayName);

  // The control: the same activities from the rightful actor do take effect, so the refusals above are the rule at work.
  t.equal(await sendAs(e, 'vera', b, { id: `${vera}#undo-like`, type: 'Undo', actor: vera, object: veraLike }), 202);
  t.equal(await sendAs(e, 'vera', b, { id: `${veraNote.uri}#delete`, type: 'Delete', actor: vera, object: veraNote.uri, to: [PUBLIC] }), 202);
  t.equal(await sendAs(e, 'lena', b, { id: `${lena}#accepts/1`, type: 'Accept', actor: lena, object: beaFollowsLena.follow.uri }), 202);
  await settled(b);
  t.match(await bob('GET', `/api/v1/statuses/${bobPost.id}`), { favourites_count: 0, reblogs_count: 1 }, 'Vera can undo her own Like');
  t.ok((await b.it.deps.store.objects.getByUri(veraNote.uri))?.deletedAt, 'Vera can delete her own note');
  t.equal((await b.it.deps.store.follows.getByUri(beaFollowsLena.follow.uri))?.state, 'accepted', 'Lena can accept');
});
